"""The claims the rows make: another report's claim that says the same, or a new claim and its topic.

claim_id is the claim of another report's row that says the same, else a new id; a new claim gets a topic
for the analyst to reword. Two rows say the same when their quotes are alike word for word (rapidfuzz
token_sort_ratio, same category and place), or when they share most of their rarer words: the Dice overlap
of their content words (stop words dropped, words cut to their first five letters, numbers kept), each
word weighted by how rare it is among the case's quotes (inverse document frequency), with no place of
one row differing from the other's. A rewrite says the same in other words ("Gangs control about 80% of
X" and "Armed groups control up to 80 per cent of the city"), which the word-for-word ratio misses.
"""

import math
import re
from collections import Counter

import pandas as pd
from rapidfuzz import fuzz

from briefkit.drafting.clauses import Row, slug, unique
from briefkit.drafting.known import Known

SAME_CLAIM_SCORE = 75  # rapidfuzz token_sort_ratio from which another report's row is taken to say the same
SAME_WORDS_SCORE = 60  # weighted Dice overlap (0-100) of content words from which it is (chosen on the dev split)
STOP_WORDS = set(
    "the a an of in on at to and or but for by with from as is are was were be been has have had that this its it "
    "their his her he she they them which who said says say will would not no than more less about some up into "
    "over after before since during while also there here what when where city town capital people".split()
)


def claims(rows: list[Row], source_id: str, known: Known, place_names: dict[str, str]):
    """Each row's claim: another report's claim saying the same, else a new one (place_names: every place's
    name, by id)."""
    others = known.facts[known.facts["source_id"] != source_id]
    used = set(known.claims["claim_id"])
    topics = set(known.claims["topic"])
    weight = _word_weights([*known.facts["quote"], *(row.quote for row in rows)])
    for row in rows:
        best = None
        words = _content_words(row.quote)
        for fact in others.itertuples():
            place = row.values.get("place_id")
            if fact.category == row.values.get("category"):
                score = fuzz.token_sort_ratio(row.quote.lower(), fact.quote.lower())
                same_place = pd.isna(fact.place_id) or fact.place_id == place
                if score >= SAME_CLAIM_SCORE and same_place and (best is None or score > best[0]):
                    best = (score, fact, "rapidfuzz token_sort_ratio")
            if place and not pd.isna(fact.place_id) and fact.place_id != place:
                continue
            score = _dice(words, _content_words(fact.quote), weight)
            if score >= SAME_WORDS_SCORE and (best is None or score > best[0]):
                best = (score, fact, "its rarer words in common, weighted Dice")
        if best:
            row.set("claim_id", best[1].claim_id, f"the quote is {best[0]:.0f}% like {best[1].fact_id}'s ({best[2]})")
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


def _content_words(text: str) -> set[str]:
    text = text.lower().replace("per cent", "%")
    words = re.findall(r"[^\W\d_]+|\d[\d,]*(?:\.\d+)?", text)
    return {
        w.replace(",", "") if w[0].isdigit() else w[:5]
        for w in words
        if w not in STOP_WORDS and (len(w) > 2 or w[0].isdigit())
    }


def _word_weights(quotes: list[str]) -> dict[str, float]:
    """Each content word's inverse document frequency among the quotes."""
    counts = Counter(word for quote in set(quotes) for word in _content_words(quote))
    return {word: math.log(1 + len(set(quotes)) / n) for word, n in counts.items()}


def _dice(a: set[str], b: set[str], weight: dict[str, float]) -> float:
    """The weighted Dice overlap of two sets of content words, 0 to 100."""
    total = sum(weight.get(w, 1.0) for w in a) + sum(weight.get(w, 1.0) for w in b)
    return 200 * sum(weight.get(w, 1.0) for w in a & b) / total if total else 0.0
