"""A synthetic stream of reports, for benchmarks and tests: a whole case of many reports over many days.

`write_stream(folder, reports=40, days=14, outlets=8, seed=0)` writes a case folder (data/ with the
kit's contract, sources.csv and the report texts, facts.csv with every quote at its offset, claims,
places, actors, claim_reviews, updates) that loads with no problems. It is built out of another
case's vocabulary (by default the kit's own case): its point places and its actors are copied row for
row, with their coordinate references, so nothing is said about the real world that the rows do not
already say, and the reports themselves are obviously synthetic sentences built from templates. Every
text says so in its first line.

What the stream holds, as a month of wire news would:
- each report day starts with a wire copy from the first outlet; the other reports of the day are
  rewrites of it (the wire outlet among their contributors) that copy most of its sentences word for
  word and reword some, or, from every third outlet, reports of their own with no wire named;
- a new place is taken every day (until the vocabulary's places run out and places are taken again);
- the count of people who fled the place the stream is about grows day by day (the analyst's
  verdict in claim_reviews.csv says that is a later count, not a contradiction);
- a town said on the first day to be held is entered half way through (updates.csv: overturns);
- deaths and strikes near the day's place, hedged ("at least", "dozens").

The same arguments give the same bytes. `more` adds reports after the stream's last one, on its last
day: the stream written with more=1 is the stream written with more=0 and one more report, so a
benchmark can add one report to a built case and rebuild.
"""

import csv
import hashlib
import random
import shutil
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from briefkit.case.paths import KIT, Case
from briefkit.commands.newcase import write_case
from briefkit.contract.datapackage import write_datapackage
from briefkit.contract.load import load_tables

FIRST_DAY = pd.Timestamp("2030-01-07")  # obviously not a day any report of the vocabulary is from
WIRE = "Synthetic Wire Service"
# What a speaker of each actor kind is, as speaker_kind (data/vocabularies.csv)
SPEAKER_KINDS = {
    "armed_group": "party_to_conflict",
    "state_forces": "party_to_conflict",
    "government": "party_to_conflict",
    "monitor": "independent_monitor",
    "international_organisation": "un",
}
HEADER = "SYNTHETIC TEST REPORT, written by briefkit's stream generator (seed {seed}); it describes no real events."


@dataclass(frozen=True)
class Cast:
    """Who acts and speaks in the stream, and where: rows of the vocabulary case."""

    attacker: dict  # an armed group that takes places
    army: dict  # the state forces that hold and strike
    counter: dict  # who counts the people who fled (the UN where the case has one)
    monitor: dict  # who counts the dead (a monitor where the case has one)
    places: list[dict]  # point places with a coordinate reference, the stream's focus first


@dataclass
class Item:
    """One thing the wire says on a day: a fact's fields, and its quote in the wire's and a rewrite's words."""

    claim_id: str
    topic: str
    speaker: dict
    wire: str
    reworded: str
    fields: dict = field(default_factory=dict)


def cast_of(vocabulary: Path) -> Cast:
    """The actors and places the stream is made of, chosen by their kinds and references only."""
    places = read_rows(vocabulary / "places.csv")
    actors = read_rows(vocabulary / "actors.csv")
    points = [p for p in places if p["lat"] and p["lon"] and p["coord_source"] and p["kind"] in ("city", "town")]
    kinds = {}
    for actor in actors:
        kinds.setdefault(actor["kind"], []).append(actor)
    army = kinds.get("state_forces", [None])[0]
    groups = kinds.get("armed_group", [])
    attacker = next((a for a in groups if a["side"] == "opposition"), None) or next(
        (a for a in groups if army is None or a["side"] != army["side"]), None
    )
    if army is None or attacker is None or len(points) < 2:
        raise SystemExit(
            f"stream: {vocabulary} needs state forces, an armed group on another side and two located towns or cities"
        )
    counter = (kinds.get("international_organisation") or kinds.get("monitor") or [army])[0]
    monitor = (kinds.get("monitor") or [counter])[0]
    return Cast(attacker, army, counter, monitor, points)


def read_rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def wire_items(cast: Cast, day: int, days: int) -> list[Item]:
    """What the wire reports on day (0-based) of days."""
    attacker, army = cast.attacker["name"], cast.army["name"]
    focus, held = cast.places[0], cast.places[1]
    # a new place every day, after the focus and the held town, until the places run out and come round again
    others = cast.places[2:] or cast.places
    taken = others[day % len(others)]
    fled = 2000 + 1500 * day  # grows with every day of fighting
    killed = 5 + 3 * day
    items = [
        Item(
            f"fled_{focus['place_id']}",
            f"People flee {focus['name']}",
            cast.counter,
            f"about {fled:,} people have fled {focus['name']} since the fighting began",
            f"nearly {fled + 1000:,} people have now fled {focus['name']}",
            {"category": "displacement", "place_id": focus["place_id"], "unit": "people"},
        ),
        Item(
            f"taken_{taken['place_id']}",
            f"{cap(attacker)} take {taken['name']}",
            cast.attacker,
            f"fighters of {attacker} took {taken['name']}",
            f"{taken['name']} fell to fighters of {attacker}",
            {
                "category": "territory_change",
                "event_type": "Battles",
                "sub_event_type": "Non-state actor overtakes territory",
                "subject": cast.attacker["actor_id"],
                "place_id": taken["place_id"],
            },
        ),
        Item(
            f"strikes_near_{taken['place_id']}",
            f"Strikes near {taken['name']}",
            cast.army,
            f"{army} carried out dozens of strikes on positions of {attacker} near {taken['name']}",
            f"{army} struck positions of {attacker} near {taken['name']} dozens of times",
            {
                "category": "air_or_drone_strike",
                "event_type": "Explosions/Remote violence",
                "sub_event_type": "Air/drone strike",
                "subject": cast.army["actor_id"],
                "relation": "strikes",
                "object": cast.attacker["actor_id"],
                "place_id": taken["place_id"],
                "unit": "strikes",
            },
        ),
        Item(
            f"killed_in_{taken['place_id']}",
            f"Deaths in {taken['name']}",
            cast.monitor,
            f"at least {killed} people were killed in {taken['name']}",
            f"more than {killed} people were killed in {taken['name']}",
            {"category": "casualties", "place_id": taken["place_id"], "unit": "deaths"},
        ),
    ]
    for back in range(1, min(3, day) + 1):  # the places taken on the last days, told again
        earlier = others[(day - back) % len(others)]
        if earlier is not taken:
            items.append(
                Item(
                    f"taken_{earlier['place_id']}",
                    f"{cap(attacker)} take {earlier['name']}",
                    cast.attacker,
                    f"{attacker} had already taken {earlier['name']}",
                    f"{earlier['name']} was already in the hands of {attacker}",
                    items[1].fields | {"place_id": earlier["place_id"]},
                )
            )
    if day < days // 2:
        items.append(
            Item(
                f"held_{held['place_id']}",
                f"{cap(army)} hold {held['name']}",
                cast.army,
                f"{army} still holds {held['name']}",
                f"{held['name']} remains in the hands of {army}",
                {"category": "territory_control", "subject": cast.army["actor_id"], "place_id": held["place_id"]},
            )
        )
    else:
        items.append(
            Item(
                f"entered_{held['place_id']}",
                f"{cap(attacker)} enter {held['name']}",
                cast.attacker,
                f"fighters of {attacker} entered {held['name']}",
                f"fighters of {attacker} pushed into {held['name']}",
                {
                    "category": "territory_change",
                    "event_type": "Battles",
                    "sub_event_type": "Non-state actor overtakes territory",
                    "subject": cast.attacker["actor_id"],
                    "place_id": held["place_id"],
                },
            )
        )
    return items


QUANTITIES = (  # the phrase of a quote that states its number, and its hedge: "about 3,500 people", "dozens"
    ("about ", "about"),
    ("nearly ", "nearly"),
    ("at least ", "at least"),
    ("more than ", "more than"),
)


def quantity_of(quote: str, unit: str, hedges: pd.DataFrame) -> dict:
    """The quantity columns of a quote whose number starts with one of QUANTITIES, or says "dozens"."""
    from briefkit.contract.hedges import interval_for

    if "dozens" in quote:
        phrase, hedge, stated = "dozens", "dozens", None
    else:
        prefix, hedge = next((p, h) for p, h in QUANTITIES if p in quote.lower())
        start = quote.lower().index(prefix)  # a quote may open with its hedge, capitalised
        number = quote[start + len(prefix) :].split(" ")[0]
        phrase, stated = quote[start : start + len(prefix) + len(number)], float(number.replace(",", ""))
    span = interval_for(hedges, hedge, stated)
    return {
        "quantity_text": phrase,
        "value_stated": number_text(stated),
        "hedge": hedge,
        "value_low": number_text(span.low),
        "value_best": number_text(span.best),
        "value_high": "" if span.open_ended else number_text(span.high),
        "unit": unit,
    }


def number_text(value: float | None) -> str:
    """A number as the codebook writes it: 2975, not 2975.0000000000005 or 2.975e3."""
    return "" if value is None else f"{value:.6f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class Report:
    source_id: str
    day: int
    outlet: int  # 0 is the wire
    rewrite: bool  # copies the wire (and names it among its contributors)


def plan(reports: int, days: int, outlets: int, more: int) -> list[Report]:
    """Which outlet writes each report, on which day; a day's first report is the wire's."""
    width = max(3, len(str(reports + more)))
    planned, count_on = [], {}
    for index in range(reports + more):
        day = min(index, reports - 1) * days // reports
        nth = count_on.get(day, 0)
        count_on[day] = nth + 1
        outlet = 0 if nth == 0 or outlets == 1 else 1 + (day + nth - 1) % (outlets - 1)
        planned.append(Report(f"s{index + 1:0{width}d}", day, outlet, outlet != 0 and outlet % 3 != 0))
    return planned


def outlet_name(outlet: int) -> str:
    return WIRE if outlet == 0 else f"Synthetic Outlet {outlet}"


def write_report(report: Report, cast: Cast, days: int, seed: int, hedges: pd.DataFrame, case: Case):
    """The report's text (in case's sources/), its sources.csv row and its fact rows."""
    rng = random.Random(f"{seed}-{report.source_id}")
    published = FIRST_DAY + pd.Timedelta(days=report.day)
    contributors = WIRE if report.rewrite else "not stated"
    lines = [
        HEADER.format(seed=seed),
        "",
        f"{outlet_name(report.outlet)}, published {published:%Y-%m-%d}. Contributors: {contributors}.",
        "",
    ]
    text = "\n".join(lines)
    facts = []
    for item in wire_items(cast, report.day, days):
        if report.outlet != 0 and facts and rng.random() < 0.15:
            continue  # a rewrite leaves a sentence out
        verbatim = report.outlet == 0 or (report.rewrite and rng.random() < 0.7)
        speaker = item.speaker["name"]
        if verbatim:
            quote, sentence = cap(item.wire), f"{cap(item.wire)}, {speaker} said."
        else:
            quote, sentence = item.reworded, f"{cap(speaker)} said {item.reworded}."
        if facts:
            text += " "
        start = len(text) + sentence.index(quote)
        text += sentence
        row = {
            "fact_id": f"{report.source_id}-{len(facts) + 1:03d}",
            "source_id": report.source_id,
            "claim_id": item.claim_id,
            "quote": quote,
            "quote_start": str(start),
            "date_start": f"{published:%Y-%m-%d}",
            "date_end": f"{published:%Y-%m-%d}",
            "date_precision": "day",
            "date_basis": "report_date",
            "attributed_to": item.speaker["actor_id"],
            "speaker_kind": SPEAKER_KINDS.get(item.speaker["kind"], "other_source"),
        } | item.fields
        if "unit" in item.fields:
            row |= quantity_of(quote, item.fields["unit"], hedges)
        facts.append((row, item))
    text += "\n"
    path = case.sources / f"{report.source_id}.txt"
    path.write_text(text, encoding="utf-8")
    source = {
        "source_id": report.source_id,
        "text_path": f"sources/{path.name}",
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "title": f"[synthetic report] Day {report.day + 1} of the stream, from {outlet_name(report.outlet)}",
        "outlet": outlet_name(report.outlet),
        "author": "not stated",
        "contributors": contributors,
        "published": f"{published:%Y-%m-%d}",
        "published_basis": "stated",
    }
    return source, facts


def write_stream(
    folder: Path,
    reports: int = 40,
    days: int = 14,
    outlets: int = 8,
    seed: int = 0,
    more: int = 0,
    vocabulary: Path = KIT / "data",
) -> Case:
    """Write a synthetic case of reports (then more, on the last day) over days from outlets into folder
    (new or empty), out of the places and actors of the case data folder vocabulary; return the case."""
    if reports < 1 or days < 1 or outlets < 1 or more < 0:
        raise ValueError("stream: reports, days and outlets must be at least 1, more at least 0")
    days = min(days, reports)  # a day has at least one report
    vocabulary = Path(vocabulary)
    cast = cast_of(vocabulary)
    case = write_case(Path(folder))
    region = tomllib.loads((vocabulary / "case.toml").read_text(encoding="utf-8"))["region"]
    toml = [f'title = "Synthetic stream of reports (seed {seed}): they describe no real events"', "", "[region]"]
    toml += [f"{key} = {value!r}".replace("'", '"') for key, value in region.items()]
    (case.data / "case.toml").write_text("\n".join(toml) + "\n", encoding="utf-8")
    if (vocabulary / "basemap").is_dir():  # the same map as the vocabulary's case, with its source and licence
        shutil.copytree(vocabulary / "basemap", case.data / "basemap")
    from briefkit.contract.csvfile import read_table

    hedges = read_table(case.data / "hedges.csv", "hedges", "data/hedges.csv").frame
    sources, facts, claims = [], [], {}
    for report in plan(reports, days, outlets, more):
        source, rows = write_report(report, cast, days, seed, hedges, case)
        sources.append(source)
        for row, item in rows:
            facts.append(row)
            claims.setdefault(item.claim_id, item.topic)
    focus, held = cast.places[0], cast.places[1]
    reviews = [
        {
            "claim_id": f"fled_{focus['place_id']}",
            "verdict": "updated",
            "explanation": "The count grows from day to day as more people flee: each is a later count of the "
            "same flight, not a contradiction (synthetic).",
        }
    ]
    updates = []
    if days > days // 2 > 0:
        updates.append(
            {
                "claim_id": f"entered_{held['place_id']}",
                "updates": f"held_{held['place_id']}",
                "kind": "overturns",
                "explanation": f"Earlier reports: {cast.army['name']} still holds {held['name']}; later ones: "
                f"fighters of {cast.attacker['name']} entered it (synthetic).",
            }
        )
    used_actors = {cast.attacker["actor_id"], cast.army["actor_id"], cast.counter["actor_id"], cast.monitor["actor_id"]}
    used_places = {row["place_id"] for row in facts}
    append_rows(case.data / "sources.csv", sources)
    append_rows(case.data / "facts.csv", facts)
    append_rows(case.data / "claims.csv", [{"claim_id": c, "topic": t} for c, t in claims.items()])
    append_rows(case.data / "claim_reviews.csv", reviews)
    append_rows(case.data / "updates.csv", updates)
    append_rows(
        case.data / "places.csv", [p for p in read_rows(vocabulary / "places.csv") if p["place_id"] in used_places]
    )
    append_rows(
        case.data / "actors.csv", [a for a in read_rows(vocabulary / "actors.csv") if a["actor_id"] in used_actors]
    )
    tables = load_tables(case)  # the stream is a case like any other: it loads with no problems
    write_datapackage(tables.codebook, case.data, tables.case["title"])
    return case


def append_rows(path: Path, rows: list[dict]) -> None:
    """Append rows under the header of path (as write_case wrote it), cells not given left empty."""
    with open(path, encoding="utf-8", newline="") as f:
        columns = next(csv.reader(f))
    with open(path, "a", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, columns, extrasaction="ignore", lineterminator="\n")
        writer.writerows([dict.fromkeys(columns, "") | row for row in rows])
