"""The claims the rows make: another report's claim that says the same, or a new claim and its topic.

claim_id is the claim of another report's row whose quote is most alike (rapidfuzz), else a new id;
a new claim gets a topic for the analyst to reword.
"""

import pandas as pd
from rapidfuzz import fuzz

from briefkit.drafting.clauses import Row, slug, unique
from briefkit.drafting.known import Known

SAME_CLAIM_SCORE = 75  # rapidfuzz token_sort_ratio from which another report's row is taken to say the same


def claims(rows: list[Row], source_id: str, known: Known, place_names: dict[str, str]):
    """Each row's claim: another report's claim saying the same, else a new one (place_names: every place's
    name, by id)."""
    others = known.facts[known.facts["source_id"] != source_id]
    used = set(known.claims["claim_id"])
    topics = set(known.claims["topic"])
    for row in rows:
        best = None
        for fact in others.itertuples():
            if fact.category != row.values.get("category"):
                continue
            score = fuzz.token_sort_ratio(row.quote.lower(), fact.quote.lower())
            same_place = pd.isna(fact.place_id) or fact.place_id == row.values.get("place_id")
            if score >= SAME_CLAIM_SCORE and same_place and (best is None or score > best[0]):
                best = (score, fact)
        if best:
            row.set(
                "claim_id",
                best[1].claim_id,
                f"the quote is {best[0]:.0f}% like {best[1].fact_id}'s (rapidfuzz token_sort_ratio)",
            )
        else:
            about = row.values.get("place_id") or row.values.get("subject") or row.values.get("attributed_to") or ""
            claim = unique(slug(f"{row.values['category']}_{about}".strip("_")), used)
            used.add(claim)
            row.set("claim_id", claim, "no other report's row says the same: a new claim")
            topic = _topic(row, place_names)
            if topic in topics:  # two claims of one place and kind: the quote's first words tell them apart
                topic = f"{topic} ({_first_words(row.quote, 6)})"
            topics.add(topic)
            row.values["topic"] = topic


def _topic(row: Row, place_names: dict[str, str]) -> str:
    """A new claim's topic, for the analyst to reword: what, where and how much ("air or drone strike: X
    province, about 30 strikes"), which tells apart the rows of one clause; where no place is named, the
    place it is measured from ("E of X"); with neither, the quote's first words."""
    values = row.values
    place = place_names.get(values.get("place_id", ""))
    reference = place_names.get(values.get("relative_to", ""))
    where = place or (
        reference and f"{values.get('direction') or 'from'}{' of' if values.get('direction') else ''} {reference}"
    )
    if not where:
        return _first_words(row.quote, 8)
    quantity = values.get("quantity_text", "")
    if quantity and row.quote.startswith(quantity):  # capitalised only because it opens the sentence
        quantity = quantity[0].lower() + quantity[1:]
    return f"{values['category'].replace('_', ' ')}: {where}" + (f", {quantity}" if quantity else "")


def _first_words(text: str, count: int) -> str:
    words = text.split()
    return " ".join(words[:count]) + (" …" if len(words) > count else "")
