"""Rules that look at more than one cell: across columns of a row, across tables, against the report texts.

Each rule takes the raw tables (every cell a string, as written) and returns Problems, working on whole
columns at once. A cell that fails its column type was already reported by the schema, so rules skip
values they cannot parse. A rule names the tables and columns it reads; when one of them could not
be read, the rule does not run and the error says which checks waited for which file.
"""

import hashlib
from pathlib import Path, PurePosixPath

import numpy as np
import pandas as pd

from briefkit.contract.codebook import key_line
from briefkit.contract.csvfile import NOT_UTF8
from briefkit.contract.problems import Problem, not_utf8
from briefkit.contract.rulebook import (
    FACTORS,
    RULES,
    Context,
    as_dates,
    as_numbers,
    dates,
    given,
    in_order,
    numbers,
    rule,
    say,
    together,
)

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@rule("references between tables", book=True)
def references_exist(ctx: Context) -> list[Problem]:
    found = []
    for spec in ctx.book.columns if ctx.book else ():
        if not spec.references:
            continue
        target, target_column = spec.references.split(".")
        what = f"{spec.table}.csv's {spec.column} refers to {target}.csv"
        if not ctx.usable(spec.table, [spec.column]):
            ctx.skipped[ctx.tables[spec.table].shown].append(what)
            continue
        if not ctx.usable(target, [target_column]) or not ctx.tables[target].complete:
            ctx.skipped[ctx.tables[target].shown].append(what)
            continue
        table, known = ctx.tables[spec.table], set(ctx.tables[target].frame[target_column])
        unknown = table.each(spec.column, lambda values: [v != "" and v not in known for v in values])
        if unknown.any() and ctx.tables[target].frame.empty:  # one problem, not one per referring row
            found.append(
                ctx.tables[target].problem(
                    1,
                    target_column,
                    "",
                    f"the table has no rows, but {int(unknown.sum())} "
                    f"row(s) of {table.shown} refer to it ({spec.column})",
                )
            )
        else:
            found += table.flag(unknown, spec.column, f"unknown {target_column}: not in data/{target}.csv")
    return found


@rule("every claim is stated by a fact", whole=("facts",), claims=("claim_id",), facts=("claim_id",))
def every_claim_has_a_fact(ctx: Context) -> list[Problem]:
    claims, facts = ctx.tables["claims"], ctx.tables["facts"]
    unstated = ~claims.frame["claim_id"].isin(set(facts.frame["claim_id"]))
    if unstated.any() and facts.frame.empty:
        return [
            facts.problem(
                1,
                "",
                "",
                "the table has no rows, but data/claims.csv has "
                f"{len(claims.frame)} claim(s), each to be stated by a fact",
            )
        ]
    return claims.flag(unstated, "claim_id", "no fact in data/facts.csv states this claim")


@rule("report texts exist, match their SHA-256 and are UTF-8", sources=("text_path", "sha256", "published_basis"))
def source_texts_match(ctx: Context) -> list[Problem]:
    sources, found = ctx.tables["sources"], []
    for line, path_text, sha256, basis in zip(
        sources.lines, *(sources.frame[c] for c in ("text_path", "sha256", "published_basis"))
    ):
        line = int(line)
        if not (basis == "stated" or basis.startswith("inferred: ")):
            found.append(
                sources.problem(
                    line,
                    "published_basis",
                    basis[:40],
                    "must be 'stated' or start with 'inferred: ' and give the reasoning",
                )
            )
        wrong = report_path_problem(ctx.data_dir, path_text)
        if wrong:
            found.append(sources.problem(line, "text_path", path_text, wrong))
            continue
        raw = (ctx.data_dir / path_text).read_bytes()
        actual = hashlib.sha256(raw).hexdigest()
        if sha256 and actual != sha256:
            found.append(
                sources.problem(
                    line,
                    "sha256",
                    sha256,
                    f"does not match the text, whose SHA-256 is {actual}: "
                    "the report was changed or the wrong file is named",
                )
            )
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as error:
            found.append(
                not_utf8(
                    f"{ctx.data_dir.name}/{path_text}",
                    raw,
                    error,
                    "reports are kept as UTF-8 text, so quotes can be checked",
                )
            )
    return found


def report_path_problem(data_dir: Path, path_text: str) -> str | None:
    """What is wrong with a report's text_path, or None: it names a file inside the case's data/sources/,
    relative to data/, with no '..', and reached through no link that leads out of data/sources/."""
    parts = PurePosixPath(path_text).parts
    if PurePosixPath(path_text).is_absolute():
        return "must be a path relative to data/ (sources/FILE), not an absolute one"
    if ".." in parts:
        return "must not contain '..': a report's text lies inside data/sources/"
    if parts[:1] != ("sources",) or len(parts) < 2:
        return "must name a file inside data/sources/ (sources/FILE)"
    path = data_dir / path_text
    if not path.resolve().is_relative_to(data_dir.resolve() / "sources"):
        return f"leads out of {data_dir.name}/sources/ through a link: {path.resolve()}"
    if not path.is_file():
        return f"no such file under {data_dir.name}/"
    return None


def source_texts(ctx: Context) -> dict[str, str]:
    """source_id -> text, for the reports whose file exists and is UTF-8 (the others are reported above)."""
    sources, texts = ctx.tables["sources"].frame, {}
    for source_id, path_text in zip(sources["source_id"], sources["text_path"]):
        if not report_path_problem(ctx.data_dir, path_text):
            text = (ctx.data_dir / path_text).read_bytes().decode("utf-8", errors="surrogateescape")
            if not NOT_UTF8.search(text):
                texts[source_id] = text
                continue
        ctx.skipped[f"{ctx.data_dir.name}/{path_text}"].append(f"quotes of the facts of report {source_id}")
    return texts


@rule(
    "quotes occur verbatim in their reports, at quote_start",
    sources=("source_id", "text_path"),
    facts=("source_id", "quote", "quote_start", "quantity_text", "date_text"),
)
def quotes_are_verbatim(ctx: Context) -> list[Problem]:
    facts, texts = ctx.tables["facts"], source_texts(ctx)
    frame, found = facts.frame, []

    def misplaced(source_ids, quotes, starts):
        starts = as_numbers(starts)  # an unreadable offset was reported by its column's type
        return [
            text is not None
            and quote != ""
            and start == start
            and (start < 0 or not text.startswith(quote, int(start)))
            for text, quote, start in zip(map(texts.get, source_ids), quotes, starts)
        ]

    wrong = facts.each_of(("source_id", "quote", "quote_start"), misplaced)
    for row in np.flatnonzero(wrong):
        quote, source_id, line = frame["quote"].iat[row], frame["source_id"].iat[row], int(facts.lines[row])
        at = texts[source_id].find(quote)
        if at < 0:
            found.append(
                facts.problem(
                    line,
                    "quote",
                    quote[:60],
                    f"not found verbatim in report {source_id} (check quotes, apostrophes and spaces)",
                )
            )
        else:
            found.append(
                facts.problem(
                    line,
                    "quote_start",
                    frame["quote_start"].iat[row],
                    f"the quote is not at this offset; it occurs at offset {at}",
                )
            )
    for column in ("quantity_text", "date_text"):
        outside = facts.each_of(
            (column, "quote"),
            lambda parts, quotes: [part != "" and part not in quote for part, quote in zip(parts, quotes)],
        )
        found += facts.flag(outside, column, "must occur inside quote")
    return found


@rule("fact ids start with their source_id", facts=("fact_id", "source_id"))
def fact_ids_name_their_source(ctx: Context) -> list[Problem]:
    facts = ctx.tables["facts"]
    frame = facts.frame
    wrong = np.zeros(len(frame), dtype=bool)
    codes, sources = facts.distinct("source_id")
    for code, source in enumerate(sources):  # few reports, many facts each
        if source != "":
            rows = np.flatnonzero(codes == code)
            prefix = source + "-"
            wrong[rows] = (
                frame["fact_id"].to_numpy()[rows].astype(f"<U{len(prefix)}") != prefix
            )  # cut to the prefix's length
    return facts.flag(wrong, "fact_id", say("must start with its source_id and a dash ('{}-')", frame["source_id"]))


QUANTITY = ("quantity_text", "hedge", "unit", "value_stated", "value_low", "value_best", "value_high")
STATED_HIGH = "value_stated_high"
# Hedges whose name is not a word of the quantity's text: a number stated flat, a stated range, an amount with no number
UNWRITTEN_HEDGES = ("none", "range", "unquantified")


@rule("quantities follow the hedge convention", facts=QUANTITY, hedges=("hedge", "rule", *FACTORS))
def quantities_follow_hedges(ctx: Context) -> list[Problem]:
    facts = ctx.tables["facts"]
    # a stated range's upper number: a column of the contract since the range rule (a case's codebook may predate it)
    has_high = STATED_HIGH in facts.frame
    quantity = facts.given("quantity_text")
    found = []
    for column in (*QUANTITY[1:], *((STATED_HIGH,) if has_high else ())):
        found += facts.flag(~quantity & facts.given(column), column, "must be empty when quantity_text is empty")
    facts = facts.rows(quantity)  # the rest of the rule is about facts that state a quantity
    frame = facts.frame
    for column in ("hedge", "unit"):
        found += facts.flag(~facts.given(column), column, "must not be empty when quantity_text is given")

    hedges = ctx.tables["hedges"].frame.drop_duplicates("hedge").set_index("hedge")
    factors = {name: numbers(hedges[name]) for name in FACTORS}
    # A convention with an unreadable number is reported in hedges.csv; its facts are checked once it is fixed.
    readable = pd.concat([factors[n].notna() | hedges[n].eq("") for n in FACTORS], axis=1).all(axis=1)
    rule_ = frame["hedge"].map(hedges["rule"].where(readable))
    known = rule_.notna()
    words = frame["hedge"].where(~frame["hedge"].isin(UNWRITTEN_HEDGES) & known, "")
    missing_word = [word != "" and word not in text.lower() for word, text in zip(words, frame["quantity_text"])]
    found += facts.flag(
        missing_word, "hedge", say("the hedge does not occur in quantity_text {!r}", frame["quantity_text"])
    )

    stated = facts.each("value_stated", as_numbers)
    stated_high = facts.each(STATED_HIGH, as_numbers) if has_high else pd.Series(np.nan, index=frame.index)
    high_given = facts.given(STATED_HIGH) if has_high else pd.Series(False, index=frame.index)
    # A cell that is not a number was reported by its column's type; its row is judged once it is one.
    unreadable = pd.concat(
        [
            facts.given(c) & facts.each(c, as_numbers).isna()
            for c in (*QUANTITY[3:], *((STATED_HIGH,) if has_high else ()))
        ],
        axis=1,
    ).any(axis=1)
    known &= ~unreadable
    scale, stated_range = known & rule_.eq("scale"), known & rule_.eq("range")
    needs_number = (scale | stated_range) & ~facts.given("value_stated")
    takes_no_number = known & ~scale & ~stated_range & facts.given("value_stated")
    needs_high = stated_range & ~high_given
    takes_no_high = known & ~stated_range & high_given
    found += facts.flag(
        needs_number & scale,
        "value_stated",
        say("hedge {!r} scales a stated number: give the number written in quantity_text", frame["hedge"]),
    )
    found += facts.flag(
        needs_number & stated_range,
        "value_stated",
        "a stated range: give its lower number here and its upper in value_stated_high",
    )
    found += facts.flag(
        takes_no_number,
        "value_stated",
        say("hedge {!r} is a count word or unquantified: value_stated must be empty", frame["hedge"]),
    )
    if has_high:
        found += facts.flag(needs_high, STATED_HIGH, "a stated range: give its upper number here")
        found += facts.flag(
            takes_no_high,
            STATED_HIGH,
            say("only a stated range (hedge 'range') has an upper number; hedge {!r} takes none", frame["hedge"]),
        )
        found += facts.flag(
            stated_range & (stated > stated_high), STATED_HIGH, say("less than value_stated {}", frame["value_stated"])
        )
    checked = known & ~needs_number & ~takes_no_number & ~needs_high & ~takes_no_high
    ranges = {"low": stated, "best": (stated + stated_high) / 2, "high": stated_high}
    for name in FACTORS:
        column = f"value_{name}"
        factor = frame["hedge"].map(factors[name])
        empty_factor = frame["hedge"].map(hedges[name]).eq("")
        want = factor.where(~scale, factor * stated).where(~rule_.eq("unquantified")).where(~stated_range, ranges[name])
        open_ended = (name == "high") & empty_factor & ~rule_.isin(["unquantified", "range"])
        have = facts.each(column, as_numbers)
        wrong = np.where(
            want.notna(), ~np.isclose(have, want, rtol=1e-9, atol=1e-9, equal_nan=False), facts.given(column)
        )
        found += facts.flag(checked & wrong, column, _expected(frame, want, open_ended))
    found += in_order(facts, "value_low", "value_best", "value_high", rows=checked)
    return found


def _expected(frame: pd.DataFrame, want: pd.Series, open_ended: pd.Series):
    """Messages saying what the convention gives, written for the flagged rows only."""

    def message(rows):
        cells = (
            frame["hedge"].to_numpy()[rows],
            frame["quantity_text"].to_numpy()[rows],
            want.to_numpy()[rows],
            np.asarray(open_ended, dtype=bool)[rows],
        )
        return [
            f"hedge {hedge!r} on {text!r} gives "
            f"{'empty (open-ended)' if is_open else 'empty' if value != value else format(value, 'g')} "
            "under data/hedges.csv"
            for hedge, text, value, is_open in zip(*cells)
        ]

    return message


@rule("hedge conventions are complete and ordered", hedges=("rule", *FACTORS, "conservative"))
def hedge_rows_are_coherent(ctx: Context) -> list[Problem]:
    hedges = ctx.tables["hedges"]
    frame = hedges.frame
    # an amount with no number has no interval, and a stated range takes its interval from its own two numbers
    no_factors = frame["rule"].isin(["unquantified", "range"])
    found = []
    for column in (*FACTORS, "conservative"):
        found += hedges.flag(
            no_factors & hedges.given(column), column, say("must be empty for rule {!r}", frame["rule"])
        )
    for column in ("low", "best", "conservative"):
        found += hedges.flag(
            ~no_factors & ~hedges.given(column), column, say("must not be empty for rule {!r}", frame["rule"])
        )
    found += in_order(hedges, "low", "best", "high", rows=~no_factors)
    return found


@rule(
    "dates are ordered, reasoned and match their weekday",
    sources=("source_id", "published"),
    facts=("source_id", "date_text", "date_start", "date_end", "date_precision", "date_basis", "notes"),
)
def dates_are_coherent(ctx: Context) -> list[Problem]:
    facts, frame = ctx.tables["facts"], ctx.tables["facts"].frame
    found = together(
        facts, ("date_start", "date_end"), ("date_precision", "date_basis"), "must not be empty when the fact is dated"
    )
    undated = ~facts.given("date_start") & ~facts.given("date_end")
    reported = pd.Series(False, index=frame.index)  # one problem per row: at its first such column
    for column in ("date_text", "date_precision", "date_basis"):
        found += facts.flag(undated & facts.given(column) & ~reported, column, "the fact has no date_start/date_end")
        reported |= facts.given(column)
    start, end = facts.each("date_start", as_dates), facts.each("date_end", as_dates)
    found += facts.flag(start > end, "date_end", say("before date_start {}", frame["date_start"]))
    found += facts.flag(
        frame["date_basis"].eq("inferred") & ~facts.given("notes"),
        "notes",
        "an inferred date needs its reasoning in notes",
    )
    report_day = frame["date_basis"].eq("report_date")
    found += facts.flag(
        report_day & facts.given("date_text"),
        "date_text",
        "a date with basis 'report_date' has no date_text (the text gives no time)",
    )
    published_on = dict(zip(ctx.tables["sources"].frame["source_id"], ctx.tables["sources"].frame["published"]))
    day = facts.each("source_id", lambda values: np.array([published_on.get(v, "") for v in values], dtype=object))
    published = dates(day)
    # Only judged once both dates are real days: a malformed one is reported by its column's type.
    elsewhere = (
        report_day & published.notna() & start.notna() & end.notna() & ((start != published) | (end != published))
    )
    found += facts.flag(
        elsewhere, "date_start", say("basis 'report_date' means the report's day, {} (sources.csv)", day)
    )
    by_day = frame["date_precision"].eq("day") & start.notna()
    weekday_named = {
        text: next((day.title() for day in WEEKDAYS if day in text.lower()), "")
        for text in pd.unique(frame["date_text"])
    }
    named = frame["date_text"].map(weekday_named).where(by_day, "")
    actual = start.dt.day_of_week.map({number: day.title() for number, day in enumerate(WEEKDAYS)})
    wrong_day = by_day & named.ne("") & named.ne(actual)
    found += facts.flag(
        wrong_day, "date_start", say("date_text says {} but {} is a {}", named, frame["date_start"], actual)
    )
    return found


@rule("ACLED sub-event types nest in their event type", book=True, facts=("event_type", "sub_event_type"))
def event_types_nest(ctx: Context) -> list[Problem]:
    facts, frame = ctx.tables["facts"], ctx.tables["facts"].frame
    parents = {
        sub: parent for (vocabulary, sub), parent in ctx.book.parents.items() if vocabulary == "acled_sub_event_type"
    }
    sub = frame["sub_event_type"]
    parent = facts.each("sub_event_type", lambda values: np.array([parents.get(v, "") for v in values], dtype=object))
    found = facts.flag(
        facts.given("sub_event_type") & ~facts.given("event_type"),
        "event_type",
        say("sub_event_type {!r} needs its event_type ({})", sub, parent),
    )
    mismatch = (
        facts.given("sub_event_type") & facts.given("event_type") & given(parent) & parent.ne(frame["event_type"])
    )
    found += facts.flag(
        mismatch, "sub_event_type", say("belongs to event_type {!r}, not {!r}", parent, frame["event_type"])
    )
    return found


@rule(
    "speakers, directions and relations are complete",
    facts=("speaker_kind", "attributed_to", "direction", "relative_to", "subject", "relation", "object"),
)
def speakers_are_coherent(ctx: Context) -> list[Problem]:
    facts, frame = ctx.tables["facts"], ctx.tables["facts"].frame
    kind = frame["speaker_kind"]
    found = facts.flag(
        kind.eq("unattributed") & facts.given("attributed_to"),
        "attributed_to",
        "speaker_kind is 'unattributed', so attributed_to must be empty",
    )
    found += facts.flag(
        facts.given("speaker_kind") & kind.ne("unattributed") & ~facts.given("attributed_to"),
        "attributed_to",
        say("speaker_kind is {!r}: name the speaker", kind),
    )
    found += facts.flag(
        facts.given("direction") & ~facts.given("relative_to"),
        "direction",
        "a direction needs relative_to: the place it is measured from",
    )
    relation = frame["relation"]
    found += facts.flag(
        facts.given("relation") & ~facts.given("subject"), "subject", say("relation {!r} needs a subject", relation)
    )
    found += facts.flag(
        facts.given("relation") & ~facts.given("object"),
        "object",
        say(
            "relation {!r} needs an object: a relation links two actors (an "
            "event at a place has a subject and a place_id, no relation)",
            relation,
        ),
    )
    return found


@rule(
    "places have referenced coordinates inside the case's region",
    case=True,
    places=("lat", "lon", "coord_source", "geo_precision", "population", "population_source"),
)
def places_are_located(ctx: Context) -> list[Problem]:
    places, region = ctx.tables["places"], ctx.case["region"]
    found = together(
        places, ("lat", "lon"), ("coord_source", "geo_precision"), "coordinates need a reference and a precision"
    )
    for axis, name in (("lat", "latitude"), ("lon", "longitude")):
        low, high = region[f"{axis}_min"], region[f"{axis}_max"]
        value = places.each(axis, as_numbers)
        found += places.flag(
            (value < low) | (value > high),
            axis,
            f"outside the region {region['name']} ({name} {low} to {high}, data/case.toml)",
        )
    found += places.flag(
        places.given("population") & ~places.given("population_source"),
        "population_source",
        "a population needs its source",
    )
    return found


@rule("map routes pass known places", whole=("places",), map_routes=("places",), places=("place_id",))
def routes_pass_known_places(ctx: Context) -> list[Problem]:
    routes, known = ctx.tables["map_routes"], set(ctx.tables["places"].frame["place_id"])

    def problem(values):
        messages = []
        for value in values:
            ids = [part.strip() for part in value.split(";")]
            unknown = [i for i in ids if i not in known]
            messages.append(
                f"unknown place_id(s) {', '.join(map(repr, unknown))}: not in data/places.csv"
                if unknown
                else "a route needs at least two places, separated by '; '"
                if len(ids) < 2
                else ""
            )
        return np.array(messages, dtype=object)

    message = routes.each("places", problem)
    return routes.flag(message.ne(""), "places", lambda rows: list(message.to_numpy()[rows]))


@rule(
    "an update is first reported on a later day than the claim it updates",
    whole=("facts", "sources"),
    updates=("claim_id", "updates"),
    facts=("claim_id", "source_id"),
    sources=("source_id", "published"),
)
def updates_come_later(ctx: Context) -> list[Problem]:
    updates, facts, sources = ctx.tables["updates"], ctx.tables["facts"].frame, ctx.tables["sources"].frame
    if updates.frame.empty or facts.empty:
        return []
    published = pd.Series(as_dates(sources["published"].to_numpy()), index=sources["source_id"].to_numpy())
    first_day = facts.assign(day=facts["source_id"].map(published)).groupby("claim_id")["day"].min()
    later, earlier = updates.frame["claim_id"].map(first_day), updates.frame["updates"].map(first_day)
    itself = updates.frame["claim_id"].eq(updates.frame["updates"])
    not_later = ~itself & later.notna() & earlier.notna() & ~(later > earlier)

    def message(rows):
        return [
            f"first reported on {earlier.iloc[i]:%Y-%m-%d}, not before "
            f"the update {updates.frame['claim_id'].iloc[i]!r} "
            f"(first reported on {later.iloc[i]:%Y-%m-%d})"
            for i in rows
        ]

    return updates.flag(itself, "updates", "a claim cannot update itself") + updates.flag(not_later, "updates", message)


@rule("a map symbol row names the map once per fact", map_symbols=("figure", "fact_id"))
def one_symbol_row_per_fact(ctx: Context) -> list[Problem]:
    frame = ctx.tables["map_symbols"].frame
    return ctx.tables["map_symbols"].flag(
        frame.duplicated(["figure", "fact_id"]), "fact_id", "this fact already has a row for this map"
    )


@rule("the front map's focus is a known place", case=True, whole=("places",), places=("place_id",))
def front_focus_is_a_place(ctx: Context) -> list[Problem]:
    focus = ctx.case.get("map", {}).get("front_focus")
    if focus is None or focus in set(ctx.tables["places"].frame["place_id"]):
        return []
    line = key_line((ctx.data_dir / "case.toml").read_text(encoding="utf-8"), "map", "front_focus")
    return [Problem(ctx.case_file, line, "map.front_focus", focus, "unknown place_id: not in data/places.csv")]


@rule("the teaching paragraph is in its report", case=True, whole=("sources",), sources=("source_id", "text_path"))
def teaching_paragraph_exists(ctx: Context) -> list[Problem]:
    teaching = ctx.case.get("teaching")
    if not teaching:
        return []
    text = (ctx.data_dir / "case.toml").read_text(encoding="utf-8")
    paths = dict(zip(ctx.tables["sources"].frame["source_id"], ctx.tables["sources"].frame["text_path"]))
    if teaching["source_id"] not in paths:
        return [
            Problem(
                ctx.case_file,
                key_line(text, "teaching", "source_id"),
                "teaching.source_id",
                teaching["source_id"],
                "unknown source_id: not in data/sources.csv",
            )
        ]
    report = ctx.data_dir / paths[teaching["source_id"]]
    if report.is_file() and teaching["paragraph_starts"] not in report.read_text(encoding="utf-8", errors="replace"):
        return [
            Problem(
                ctx.case_file,
                key_line(text, "teaching", "paragraph_starts"),
                "teaching.paragraph_starts",
                teaching["paragraph_starts"][:60],
                f"not found in the text of {teaching['source_id']}",
            )
        ]
    return []


def check(ctx: Context) -> list[Problem]:
    """Every rule whose inputs could be read; each one that could not run is named under the file it waited for."""
    found = []
    for rule_ in RULES:
        waiting = [ctx.tables[name].shown for name, columns in rule_.needs.items() if not ctx.usable(name, columns)]
        waiting += [
            ctx.tables[name].shown
            for name in rule_.whole
            if ctx.tables[name].readable and not ctx.tables[name].complete
        ]
        waiting += [ctx.case_file] if rule_.case and ctx.case is None else []
        waiting += [ctx.codebook_file] if rule_.book and ctx.book is None else []
        if waiting:
            for shown in dict.fromkeys(waiting):
                ctx.skipped[shown].append(rule_.what)
            continue
        found += rule_.check(ctx)
    for shown, checks in ctx.skipped.items():
        found.append(
            Problem(
                shown,
                0,
                "",
                "",
                "until this file is fixed, these checks did not run: " + "; ".join(dict.fromkeys(checks)),
            )
        )
    return found
