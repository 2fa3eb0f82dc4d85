"""What the case already knows, as the drafter reads it.

The names and variants of its places and the names and aliases of its actors, as one pattern each, and
the acronyms the actors' names spell; its vocabularies; the provinces its cities stand in for; the
places each road passes (map_routes.csv); and, from the rows already coded, the speaker_kind each
actor is given most often and the ACLED types of each category.
"""

import re
from collections import Counter
from dataclasses import dataclass

import pandas as pd


@dataclass
class Known:
    """What the drafter knows of the case: names, vocabularies, and the rows already coded."""

    places: pd.DataFrame
    actors: pd.DataFrame
    hedges: pd.DataFrame
    facts: pd.DataFrame
    claims: pd.DataFrame
    vocabularies: dict
    parents: dict
    region: dict
    routes: pd.DataFrame

    def __post_init__(self):
        self.place_names = _names(self.places, "place_id", "variants")
        self.actor_names = _names(self.actors, "actor_id", "aliases")
        self.place_pattern = _name_pattern(self.place_names)
        self.actor_pattern = _name_pattern(self.actor_names)
        self.categories = set(self.vocabularies.get("category", []))
        self.units = list(self.vocabularies.get("unit", []))
        events = [v for v in self.categories if self.parents.get(("category", v)) == "event"]
        self.dated_categories = set(events) | {"territory_control", "deployment"} & self.categories
        self.speaker_kinds = _most_common(self.facts, "attributed_to", "speaker_kind")
        self.event_types = _most_common(self.facts, "category", "event_type", "sub_event_type", majority=True)
        self.place_kind = dict(zip(self.places["place_id"], self.places["kind"]))
        self.place_label = dict(zip(self.places["place_id"], self.places["name"]))
        provinces = self.places.loc[(self.places["kind"] == "province") & self.places["stand_in"].notna()]
        self.province_of_city = dict(zip(provinces["stand_in"], provinces["place_id"]))
        # "Syrian", "Russian", "Ukrainian", "Israeli": a country's adjective, for a clause that names no place
        countries = self.places.loc[self.places["kind"] == "country"]
        self.demonyms = {
            form.lower(): row.place_id
            for row in countries.itertuples()
            for form in (row.name + "n", row.name + "ian", row.name[:-1] + "ian", row.name + "i")
        }
        self.actor_kind = dict(zip(self.actors["actor_id"], self.actors["kind"]))
        # "the UN" and "the United Nations": one acronym (kept only where it names one actor)
        acronyms: dict[str, set] = {}
        for row in self.actors.loc[self.actors["kind"] != "person"].itertuples():
            for name in [row.name] + ([] if pd.isna(row.aliases) else row.aliases.split("; ")):
                acronyms.setdefault(acronym(name), set()).add((name, row.actor_id))
        self.actor_acronyms = {
            letters: min(named)
            for letters, named in acronyms.items()
            if letters and len({actor_id for _, actor_id in named}) == 1
        }
        # the places each road passes, from the routes the maps draw for it (map_routes.csv, stands_for)
        self.road_passes: dict[str, set] = {}
        for route in self.routes.dropna(subset=["stands_for"]).itertuples():
            self.road_passes.setdefault(route.stands_for, set()).update(p.strip() for p in route.places.split(";"))


def known_from(tables, leave_out: str | None = None) -> Known:
    """The case's tables as the drafter sees them; leave_out drops one report's coded rows (to score its draft)."""
    facts = tables.facts if leave_out is None else tables.facts[tables.facts["source_id"] != leave_out]
    return Known(
        tables.places,
        tables.actors,
        tables.hedges,
        facts,
        tables.claims,
        tables.codebook.vocabularies,
        tables.codebook.parents,
        tables.case["region"],
        tables.map_routes,
    )


def _name_pattern(names: dict[str, str]) -> re.Pattern | None:
    """One regex for every name, longest first, at word boundaries."""
    if not names:
        return None
    alternatives = "|".join(re.escape(name).replace("'", "['’]") for name in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)


def _names(table: pd.DataFrame, id_column: str, extra_column: str) -> dict[str, str]:
    """Lower-case name -> id, from the name and every "; "-separated entry of extra_column."""
    found = {}
    for row in table.itertuples():
        extra = getattr(row, extra_column)
        names = [row.name] + ([] if pd.isna(extra) else [n for n in extra.split("; ") if n])
        for name in names:
            for variant in {name, re.sub(r"^(?:the|a|an) ", "", name, flags=re.IGNORECASE)}:
                if len(variant) > 1:
                    found.setdefault(variant.lower().replace("’", "'"), getattr(row, id_column))
    return found


def _most_common(facts: pd.DataFrame, key: str, *columns: str, majority: bool = False) -> dict:
    """key value -> (values of columns most often given with it, how many rows, of how many)."""
    found = {}
    for value, group in facts.dropna(subset=[key]).groupby(key):
        given = group.dropna(subset=[columns[0]])
        if given.empty or (majority and len(given) * 2 < len(group)):
            continue
        counts = Counter(
            tuple("" if pd.isna(v) else v for v in row) for row in given[list(columns)].itertuples(index=False)
        )
        best, n = counts.most_common(1)[0]
        found[value] = (best, n, len(group))
    return found


def acronym(name: str) -> str:
    """'UN' for "the UN" and for "the United Nations"; '' for a name that is neither an acronym nor capitalised
    words."""
    words = [
        w for w in re.findall(r"[\w’'-]+", name) if w.lower() not in ("the", "a", "an", "of", "for", "and", "on", "in")
    ]
    if len(words) == 1 and re.fullmatch(r"[A-Z]{2,}", words[0]):
        return words[0]
    return "".join(w[0] for w in words) if len(words) >= 2 and all(w[0].isupper() for w in words) else ""
