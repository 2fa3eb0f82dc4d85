"""Who says what a sentence says: attributions, their speakers, and the actors the case lacks.

"X said", "said X", "according to X", "X reported", ... are matched to actors' names and aliases, or
to the actor whose acronym they spell out or abbreviate ("the United Nations", "the UN"); a definite
description ("the monitor") to the last actor it fits; an unknown speaker, if not a place ("X saw a
massacre"), is proposed as a new actor; speaker_kind is the one facts.csv gives that actor most often.
A speech verb that is negated ("did not immediately say whether") attributes nothing.
"""

import re

from rapidfuzz import fuzz

from briefkit.drafting.clauses import SPEECH, Mention, find, slug
from briefkit.drafting.known import Known, acronym

SPEECH_VERB = re.compile(rf"\b(?:{SPEECH})\b")
# Words that make a noun phrase a kind of actor, for speakers the case does not know yet.
ACTOR_KIND_WORDS = [
    ("media", r"agency|news|journalist|reporter|correspondent|television|tv\b|radio"),
    ("monitor", r"observatory|monitor"),
    ("state_forces", r"\barmy\b|military|forces|ministry of defen[cs]e"),
    ("international_organisation", r"\bun\b|united nations|unicef|who\b|office"),
    ("government", r"ministry|government|president's office"),
]


def attributions(
    text: str, start: int, end: int, known: Known, earlier: list[Mention]
) -> list[tuple[int, Mention, str]]:
    """(position, speaker, rule) for every attribution in a sentence; the speaker's id is "new:<name>" when unknown."""
    found = []
    sentence = text[start:end]
    actors = find(known.actor_pattern, known.actor_names, text, start, end)
    for verb in SPEECH_VERB.finditer(sentence):
        at = start + verb.start()
        if re.search(r"\b(?:that|which|who)\s+$", sentence[: verb.start()]):
            continue  # "an offensive that saw ...": the verb's subject is a noun, not a speaker
        if re.search(
            r"\b(?:did|does|do|would|could)\s+not\s+(?:\w+ly\s+)?$|\bdeclined\s+to\s+$", sentence[: verb.start()]
        ):
            continue  # "X did not immediately say whether ...": nothing is said, so no one speaks the sentence
        named = (
            _named_before(text, start, at, actors, known)
            or _named_after(text, start + verb.end(), end, actors)
            or _description(text, start, at, start + verb.end(), end, known, earlier)
            or _new_speaker(text, start, at, known)
        )
        if named:
            found.append((at, named[0], f"{named[1]} … {verb.group()}"))
    for m in re.finditer(r"\baccording to\s+", sentence, re.IGNORECASE):
        tail = [a for a in actors if a.start >= start + m.end() and a.start - (start + m.end()) <= 30]
        if tail:
            found.append((start + m.start(), tail[0], f"'according to {tail[0].text}'"))
            continue
        phrase = re.match(r"(?:the |an? )?[\w’'\- ]+?(?=,|\.| in | who | which |$)", sentence[m.end() :])
        if phrase and phrase.group().strip():
            name = phrase.group().strip()
            found.append(
                (
                    start + m.start(),
                    *(
                        _known_speaker(name, start + m.end(), known)
                        or (
                            Mention(start + m.end(), 0, "new:" + name, name),
                            f"according to '{name}': a speaker the case does not know, proposed in the actors draft",
                        )
                    ),
                )
            )
    return sorted(found, key=lambda f: f[0])


def _named_before(text, start, at, actors, known):
    """The speaker just before a verb, past any appositive or relative clause between commas
    ("X, the government's main backer, said"; "Medics have reported"; "a journalist in X saw")."""
    before = text[start:at]
    for _ in range(3):
        relative = re.search(r",\s*(?:who|which|whose|whom)\b[^,“”\"]{0,100},\s*$", before)
        if relative:
            before = before[: relative.start()]
        before = re.sub(r"\s+(?:has|have|had|was|were|is|are|also|later|earlier)\s*$", " ", before)
        end = start + len(before.rstrip(" ,"))
        close = [a for a in actors if end - 3 <= a.end <= end and a.start >= start]
        if close:
            return close[-1], f"'{close[-1].text}'"
        located = re.search(r"\s+(?:in|at|from|near)\s+(?:the\s+)?[^,.;“”\"]{1,40}?\s*$", before)
        appositive = re.search(r",[^,“”\"]{1,100},\s*$", before)
        if not (located or appositive):
            break
        before = before[: (located or appositive).start()]
    phrase = _speaker_phrase(before)
    return _known_speaker(phrase, start + before.rfind(phrase), known) if phrase else None


def _new_speaker(text, start, at, known):
    """A speaker the case does not know: the noun phrase before the verb, if it is short enough to be a name
    and is not a place ("X saw a massacre in 1982")."""
    before = re.sub(r",[^,“”\"]{1,100},\s*$", "", text[start:at])
    phrase = _speaker_phrase(before)
    if not phrase or len(phrase.split()) > 8 or phrase.lower() in known.place_names:
        return None
    return Mention(
        start + before.rfind(phrase), 0, "new:" + phrase, phrase
    ), f"'{phrase}': a speaker the case does not know, proposed in the actors draft"


def _named_after(text, verb_end, end, actors):
    after = [a for a in actors if verb_end <= a.start <= verb_end + 12 and a.end <= end]
    return (after[0], f"'{after[0].text}', after the verb") if after else None


def _known_speaker(phrase: str, at: int, known: Known):
    """The actor whose name or alias a speaker's noun phrase most resembles (rapidfuzz), if one is close enough,
    or shares its acronym with ("the United Nations" for "the UN", and "the UN" for "the United Nations")."""
    short = known.actor_acronyms.get(acronym(phrase))
    if short:
        return Mention(
            at, at + len(phrase), short[1], phrase
        ), f"'{phrase}' and '{short[0]}' share the acronym {acronym(phrase)}"
    longer = [name for name in known.actor_names if len(name) >= 0.5 * len(phrase)]
    best = max(((fuzz.partial_ratio(phrase.lower(), name), name) for name in longer), default=(0, ""))
    if best[0] < 90:
        return None
    return Mention(
        at, at + len(phrase), known.actor_names[best[1]], phrase
    ), f"'{phrase}' ({best[0]:.0f}% like '{best[1]}')"


def _description(text, start, verb_start, verb_end, end, known, earlier):
    """A definite description next to the verb ("the monitor said", "said the Britain-based monitor"), resolved
    to the most recently named actor whose name, aliases or kind hold its head noun."""
    for m in [
        re.search(r"\bthe\s+([\w’'-]+\s+){0,3}?(?P<head>[\w-]+)\s*$", text[start:verb_start]),
        re.match(r"\s*(?:\w+\s+)?the\s+(?:[\w’'-]+\s+){0,3}?(?P<head>[a-z-]+)\b", text[verb_end:end]),
    ]:
        if not m:
            continue
        head = m["head"].lower()
        for mention in reversed(earlier):
            if mention.start >= verb_start:
                continue
            row = known.actors.loc[known.actors["actor_id"] == mention.id]
            words = " ".join(str(v) for v in row[["name", "aliases", "kind"]].iloc[0] if isinstance(v, str)).lower()
            if re.search(rf"\b{re.escape(head)}", words):
                return mention, f"'the {head}' read as {mention.text} (the last actor named that it fits)"
    return None


def _speaker_phrase(before: str) -> str:
    """The noun phrase just before a speech verb: 'A US official', 'Local activists'."""
    m = re.search(
        r"(?:^|[,.;“”\"]\s*|\b(?:that|and)\s+)"
        r"((?:[Aa]n?|[Tt]he)\s+[\w’'\- ]{2,60}?|[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,3})\s*$"
        r"|,\s*([a-z][\w’'-]*(?:\s+[a-z][\w’'-]*){0,3})\s*$",
        before,
    )  # or ", local activists said"
    if not m:
        return ""
    phrase = (m.group(1) or m.group(2)).strip()
    pronouns = {"it", "he", "she", "they", "we", "i", "which", "who", "that", "this", "there", "report"}
    return "" if pronouns & set(phrase.lower().split()) else phrase


def actor_row(name: str, known: Known) -> dict:
    # "The army said ...": named in running text as the case's names are ("the army", "a local priest")
    name = re.sub(r"^(?:The|A|An)\b", lambda article: article.group().lower(), name)
    kind = "person" if re.fullmatch(r"[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){1,2}", name) else "other_group"
    for candidate, pattern in ACTOR_KIND_WORDS:
        if re.search(pattern, name, re.IGNORECASE) and candidate in known.vocabularies.get("actor_kind", []):
            kind = candidate
            break
    side = "unplaced" if "unplaced" in known.vocabularies.get("side", []) else ""
    return {
        "actor_id": slug(re.sub(r"^(?:the|a|an) ", "", name, flags=re.IGNORECASE)),
        "name": name,
        "aliases": "",
        "kind": kind,
        "side": side,
        "acled_inter": "",
    }


# ---------------------------------------------------------------------------------------------------
# The speaker of a clause's rows


def speaker_of(start, end, said):
    """The attribution that covers a clause: the sentence's, unless the clause itself only names the speaker."""
    if not said:
        return None
    inside = [s for s in said if start <= s[0] < end]
    return inside[-1] if inside else said[0]


SPEAKER_KIND_OF_ACTOR_KIND = {
    "monitor": "independent_monitor",
    "armed_group": "party_to_conflict",
    "state_forces": "party_to_conflict",
    "media": "journalist_observation",
}


def speaker(row, attribution, known):
    """The row's attributed_to and speaker_kind."""
    _, mention, rule = attribution
    row.set("attributed_to", mention.id, rule)
    if mention.id.startswith("new:"):
        kind = actor_row(mention.text, known)["kind"]
        row.set(
            "speaker_kind",
            SPEAKER_KIND_OF_ACTOR_KIND.get(kind, "other_source"),
            f"a new speaker of kind {kind}: check it",
        )
    elif mention.id in known.speaker_kinds:
        (kind,), n, of = known.speaker_kinds[mention.id]
        row.set("speaker_kind", kind, f"as in {n} of the {of} rows of facts.csv that {mention.id} speaks")
    else:
        kind = SPEAKER_KIND_OF_ACTOR_KIND.get(known.actor_kind.get(mention.id, ""), "other_source")
        row.set(
            "speaker_kind", kind, f"no row of facts.csv gives {mention.id}'s speaker_kind: read from its kind; check it"
        )
