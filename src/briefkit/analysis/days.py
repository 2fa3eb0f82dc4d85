"""Report days: the case as it stood on any day reports were published, and what changed since the
previous one.

A report day is a day on which at least one report of the case was published (sources.csv,
published). The case as of a day keeps only the reports published up to that day and what rests on
them, so what is computed from it is what could have been known then.
"""

import pandas as pd

from briefkit.analysis.compare import common_interval
from briefkit.contract.codebook import Codebook
from briefkit.contract.tables import Tables, actor_names, event_categories

# News is what happened in this many days before a report day (the timeline's day-scale panel; what a
# later report no longer repeats). Defined here, not with the findings: the build dates its briefings
# with this module and should not import matplotlib to do so.
NEWS_WINDOW = pd.Timedelta(days=30)
# Besides events, who holds a place is news: "his forces still control the city" is what a later entry overturns.
CONTROL = "territory_control"
TERRITORY = ("territory_change", CONTROL)
NO_SOURCE = "no named source"
MAX_LISTED = 6  # of the previous day's news that no newer report repeats: the first few, then a count


def report_days(tables: Tables) -> list[pd.Timestamp]:
    """Every day a report of the case was published, oldest first."""
    return sorted(tables.sources["published"].dropna().unique())


def first_reported(tables: Tables) -> pd.Series:
    """Each claim's first report day."""
    published = tables.sources.set_index("source_id")["published"]
    return tables.facts.assign(day=tables.facts["source_id"].map(published)).groupby("claim_id")["day"].min()


def news_categories(tables: Tables) -> set[str]:
    return set(event_categories(tables)) | {CONTROL}


def newly_reported(tables: Tables) -> set[str]:
    """The claims first reported on the newest report day, when the case has reports of an earlier day:
    what the maps and the timeline mark as new."""
    days = report_days(tables)
    if len(days) < 2:
        return set()
    first = first_reported(tables)
    return set(first.index[first == days[-1]])


def what_changed(tables: Tables, day: pd.Timestamp) -> dict[str, list[str]]:
    """What the reports of day add to the reports before it, as sentences: new events (and who holds
    what), numbers that changed for the same claim (both intervals and speakers), claims a report of
    day overturns or develops (data/updates.csv), and news of the previous report day no report of
    day repeats. Empty lists where there is nothing to say; empty dict on the first report day."""
    earlier_days = [d for d in report_days(tables) if d < day]
    if not earlier_days:
        return {}
    previous = earlier_days[-1]
    published = tables.sources.set_index("source_id")["published"]
    facts = tables.facts.assign(day=tables.facts["source_id"].map(published)).loc[lambda d: d["day"] <= day]
    first = facts.groupby("claim_id")["day"].min()
    topics = tables.claims.set_index("claim_id")["topic"]
    news = news_categories(tables)
    names = actor_names(tables)

    def says(rows: pd.DataFrame) -> str:
        speakers = sorted({names.get(a, a) for a in rows["attributed_to"].dropna()}) or ["no named source"]
        return f"{', '.join(speakers)}; report {', '.join(sorted(rows['source_id'].unique()))}"

    today = facts.loc[facts["day"] == day]
    new_claims = [c for c in dict.fromkeys(today.sort_values("fact_id")["claim_id"]) if first[c] == day]
    new_events = [
        f"{topics[c]} ({says(today.loc[today['claim_id'] == c])})"
        for c in new_claims
        if today.loc[today["claim_id"] == c, "category"].iloc[0] in news
    ]

    numbers = []
    for claim_id, rows in facts.loc[facts["quantity_text"].notna()].groupby("claim_id", sort=True):
        before, now = rows.loc[rows["day"] < day], rows.loc[rows["day"] == day]
        if before.empty or now.empty:
            continue
        was, is_now = before.sort_values(["day", "fact_id"]).iloc[-1], now.sort_values("fact_id").iloc[0]
        if common_interval(was) != common_interval(is_now):
            numbers.append(
                f"{topics[claim_id]}: “{was.quantity_text}” ({describe(was, tables.codebook)}; "
                f"{says(before.loc[before['day'] == was.day])}) "
                f"became “{is_now.quantity_text}” ({describe(is_now, tables.codebook)}; {says(now)})"
            )

    updates = tables.updates.loc[lambda d: d["claim_id"].map(first).eq(day) & d["updates"].map(first).lt(day)]
    updated = [
        f"{topics[u.claim_id]} {u.kind} an earlier claim, "
        f"“{topics[u.updates]}” (first reported {first[u.updates]:%-d %B %Y}): "
        f"{u.explanation}"
        for u in updates.itertuples()
    ]

    repeated_today = set(today["claim_id"])
    # the previous day's news, not its background (events over before the news window)
    previous_news = facts.loc[
        (facts["day"] == previous) & facts["category"].isin(news) & ~(facts["date_end"] < day - NEWS_WINDOW)
    ]
    dropped = [
        topics[c]
        for c in dict.fromkeys(previous_news.sort_values("fact_id")["claim_id"])
        if c not in repeated_today and c not in set(updates["updates"])
    ]
    if len(dropped) > MAX_LISTED:
        dropped = dropped[:MAX_LISTED] + [f"and {len(dropped) - MAX_LISTED} more"]
    return {
        "new": new_events,
        "numbers": numbers,
        "updates": updated,
        "not_repeated": dropped,
        "previous": [f"{previous:%-d %B %Y}"],
    }


CHANGE_COLUMNS = [
    "claim_id",
    "fact_id",
    "topic",
    "unit",
    "day",
    "quantity_text",
    "low",
    "best",
    "high",
    "speakers",
    "reports",
    "change",
    "change_best",
    "previous_day",
    "previous_quantity_text",
    "previous_low",
    "previous_best",
    "previous_high",
    "previous_speakers",
    "running_low",
    "running_high",
    "first_reported",
]
GRADE_COLUMNS = ["independent_sources", "grade"]  # from the graded comparison, when given


def _interval(rows: pd.DataFrame) -> dict:
    """The interval a day's reports give a number: the lowest low, the highest high (none if any is open-ended),
    the median best; with their words and who says so."""
    open_ended = rows["value_high"].isna().any()
    return {
        "quantity_text": " | ".join(dict.fromkeys(rows.sort_values("fact_id")["quantity_text"])),
        "low": rows["value_low"].min(),
        "best": rows["value_best"].median(),
        "high": float("nan") if open_ended else rows["value_high"].max(),
    }


def _change(now: dict, was: dict | None) -> str:
    if was is None:
        return "first reported"
    same_high = (pd.isna(now["high"]) and pd.isna(was["high"])) or now["high"] == was["high"]
    if now["low"] == was["low"] and same_high and now["best"] == was["best"]:
        return "unchanged"
    if now["best"] != was["best"]:
        return "up" if now["best"] > was["best"] else "down"
    return "range changed"


def number_changes(tables: Tables, day: pd.Timestamp, comparison: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per number (claim and unit) the reports of day give: its interval on day, its change since
    the last earlier report day that gave it (first reported, unchanged, up or down by best estimate, or
    range changed), that day's interval, the running range over every report up to day (running_high
    empty once a report leaves it open-ended), and who says so. Columns: CHANGE_COLUMNS, and GRADE_COLUMNS
    of each claim where the graded comparison (corroboration.graded) is given."""
    published = tables.sources.set_index("source_id")["published"]
    names = actor_names(tables)
    numbers = tables.facts.loc[tables.facts["value_low"].notna()]
    numbers = numbers.assign(day=numbers["source_id"].map(published)).loc[lambda d: d["day"] <= day]
    topics = tables.claims.set_index("claim_id")["topic"]

    def says(rows: pd.DataFrame) -> str:
        return "; ".join(sorted({names.get(a, a) for a in rows["attributed_to"].dropna()})) or NO_SOURCE

    rows = []
    for (claim_id, unit), found in numbers.groupby(["claim_id", "unit"], sort=True):
        today, before = found.loc[found["day"] == day], found.loc[found["day"] < day]
        if today.empty:
            continue
        now = _interval(today)
        previous_day = before["day"].max() if len(before) else None
        was = _interval(before.loc[before["day"] == previous_day]) if previous_day is not None else None
        rows.append(
            {"claim_id": claim_id, "topic": topics[claim_id], "unit": unit, "day": f"{day:%Y-%m-%d}"}
            | now
            | {
                "fact_id": today["fact_id"].min(),  # one of the day's facts stating it: where the explorer opens it
                "speakers": says(today),
                "reports": ", ".join(sorted(today["source_id"].unique())),
                "change": _change(now, was),
                "change_best": now["best"] - was["best"] if was else float("nan"),
                "previous_day": f"{previous_day:%Y-%m-%d}" if was else "",
                "previous_speakers": says(before.loc[before["day"] == previous_day]) if was else "",
                "running_low": found["value_low"].min(),
                "running_high": float("nan") if found["value_high"].isna().any() else found["value_high"].max(),
                "first_reported": f"{found['day'].min():%Y-%m-%d}",
            }
            | {f"previous_{key}": (was or {}).get(key, "" if key == "quantity_text" else float("nan")) for key in now}
        )
    changes = pd.DataFrame(rows, columns=CHANGE_COLUMNS)
    if comparison is None or "claim_id" not in comparison:  # a case with no claims yet has no grades
        return changes
    return changes.merge(comparison[["claim_id", *GRADE_COLUMNS]], on="claim_id", how="left")


def describe(fact, book: Codebook) -> str:
    """The fact's interval in words, its unit as readers write it (the unit vocabulary's label)."""
    low, high, unit = fact.value_low, fact.value_high, book.label("unit", fact.unit)
    if pd.isna(low):
        return f"no number given, {unit}"
    if pd.isna(high):
        return f"{low:,.0f} or more {unit}"
    return f"{low:,.0f} {unit}" if low == high else f"{low:,.0f}–{high:,.0f} {unit}"


def same(values: pd.Series, others: pd.Series) -> pd.Series:
    """Whether both name the same thing; where either names none, they do not (not unknown)."""
    return (values.notna() & others.notna() & values.eq(others).fillna(False)).astype(bool)


def propose_updates(tables: Tables) -> pd.DataFrame:
    """Pairs of news claims where the later may overturn or develop the earlier: first reported on a
    later day, about the same place or by the same actor, the earlier not background (events over
    more than 30 days before). "overturns", listed first, is suggested where both say who takes or
    holds the same place and the actors differ. A proposal: the analyst confirms it in data/updates.csv."""
    first = first_reported(tables)
    news = tables.facts.loc[tables.facts["category"].isin(news_categories(tables))].sort_values("fact_id")
    claims = news.groupby("claim_id").agg(
        place=("place_id", "first"),
        subject=("subject", "first"),
        category=("category", "first"),
        happened=("date_end", "max"),
    )
    claims["day"] = first
    pairs = (
        claims.reset_index()
        .merge(claims.reset_index(), how="cross", suffixes=("", "_earlier"))
        .loc[lambda d: d["day"] > d["day_earlier"]]
    )
    # background (an earlier claim about events long before the later report) is not news to update
    pairs = pairs.loc[~(pairs["happened_earlier"] < pairs["day"] - NEWS_WINDOW)]
    same_place, same_actor = (
        same(pairs["place"], pairs["place_earlier"]),
        same(pairs["subject"], pairs["subject_earlier"]),
    )
    pairs = pairs.loc[same_place | same_actor].assign(same_place=same_place, same_actor=same_actor)
    territorial = pairs["category"].isin(TERRITORY) & pairs["category_earlier"].isin(TERRITORY)
    named = pairs["subject"].notna() & pairs["subject_earlier"].notna()
    overturns = territorial & pairs["same_place"] & named & ~pairs["same_actor"]
    confirmed = set(zip(tables.updates["claim_id"], tables.updates["updates"]))
    topics = tables.claims.set_index("claim_id")["topic"]
    return (
        pd.DataFrame(
            {
                "claim_id": pairs["claim_id"],
                "updates": pairs["claim_id_earlier"],
                "suggested_kind": overturns.map({True: "overturns", False: "develops"}),
                "why": [
                    ", ".join(filter(None, ["same place" if p else "", "same actor" if a else ""]))
                    for p, a in zip(pairs["same_place"], pairs["same_actor"])
                ],
                "topic": pairs["claim_id"].map(topics),
                "earlier_topic": pairs["claim_id_earlier"].map(topics),
                "first_reported": pairs["day"].dt.strftime("%Y-%m-%d"),
                "earlier_first_reported": pairs["day_earlier"].dt.strftime("%Y-%m-%d"),
                "confirmed": [
                    "yes" if pair in confirmed else "" for pair in zip(pairs["claim_id"], pairs["claim_id_earlier"])
                ],
                # an opposite outcome at the same place first, then pairs sharing both place and actor
                "strength": overturns.astype(int) * 2
                + pairs["same_place"].astype(int)
                + pairs["same_actor"].astype(int),
            }
        )
        .sort_values(["strength", "first_reported", "claim_id", "updates"], ascending=[False, True, True, True])
        .drop(columns="strength")
        .reset_index(drop=True)
    )


def timeline_table(tables: Tables) -> pd.DataFrame:
    """Every dated fact, one row per claim and report, with its span and precision, oldest first; new:
    the claim was first reported on the newest report day (of a case with earlier ones)."""
    return (
        tables.facts.loc[lambda d: d["date_start"].notna()]
        .merge(tables.claims, on="claim_id")
        .loc[
            :,
            [
                "fact_id",
                "source_id",
                "claim_id",
                "topic",
                "date_text",
                "date_start",
                "date_end",
                "date_precision",
                "date_basis",
            ],
        ]
        .drop_duplicates(["claim_id", "source_id", "date_start", "date_end"])
        .sort_values(["date_start", "date_end", "claim_id", "source_id"])
        .reset_index(drop=True)
        .assign(new=lambda d: d["claim_id"].isin(newly_reported(tables)))
    )


def news_window_start(timeline: pd.DataFrame, newest_report: pd.Timestamp) -> pd.Timestamp:
    """The earliest date (timeline_table) in the NEWS_WINDOW before the newest report: where the
    news starts and the background ends."""
    recent = timeline.loc[timeline["date_start"] >= newest_report - NEWS_WINDOW, "date_start"]
    return recent.min() if len(recent) else newest_report - pd.Timedelta(days=7)


def news_from(tables: Tables) -> pd.Timestamp | None:
    """Where the news starts for the case's newest report (news_window_start); None with no reports yet."""
    if tables.sources.empty:
        return None
    return news_window_start(timeline_table(tables), tables.sources["published"].max())
