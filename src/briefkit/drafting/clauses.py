"""The report's text cut into sentences and clauses, and the names found in them.

A paragraph is cut into sentences after . ! ? before a capital; a sentence into clauses at a comma,
semicolon or dash before a word that opens a clause ("which", "while", "including", a verb in -ing),
at "that" or a relative pronoun, and after an opening subordinate clause ("After their assault on X,
..."). The patterns here are shared by the modules that read clauses: what opens one, the verbs of
speech, the event a sentence refers back to.
"""

import re
from dataclasses import dataclass, field

# A clause starts after a comma, semicolon or dash at one of these words, or at "that" / a relative pronoun.
CLAUSE_OPENERS = (
    "which",
    "who",
    "whom",
    "whose",
    "while",
    "although",
    "though",
    "but",
    "and that",
    "as well as",
    "including",
    "despite",
    "after",
    "before",
    "when",
    "where",
    "because",
    "if",
    "or whether",
    "only to",
)
RELATIVE = r"(?:that|which|who|whom)"

SPEECH = (
    r"said|says|say|reported|reports|told|confirmed|announced|stated|claimed|added|warned|voiced|documented|"
    r"accused|denied|urged|called|estimated|saw|witnessed|observed"
)
# "... battled government forces early on Tuesday. The fighting was reported in villages across the river": a
# sentence opening with the event it refers back to continues the sentence before (its time; and where it happened)
EVENT_REFERENCE = re.compile(
    r"(?:The|This|That)\s+(?:fighting|attacks?|clashes|offensive|assault|battle|strikes?|shelling|bombardment)\b"
)


@dataclass
class Row:
    """One proposed fact: its values and, for each value, why."""

    start: int
    quote: str
    values: dict = field(default_factory=dict)
    why: dict = field(default_factory=dict)
    earlier_event: str = ""  # the cue ("days after") when the row's place is named after it: an earlier event

    def set(self, column: str, value, reason: str):
        self.values[column] = value
        if reason:
            self.why[column] = reason


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    id: str
    text: str


# ---------------------------------------------------------------------------------------------------
# Cutting the text


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence: a paragraph is cut after . ! ? (and a closing quote) before a capital."""
    spans = []
    for paragraph in re.finditer(r"[^\n]+", text):
        start = paragraph.start()
        for cut in re.finditer(r"(?<=[.!?])[”\"’]?\s+(?=[“\"A-Z])", paragraph.group()):
            spans.append((start, paragraph.start() + cut.start() + len(cut.group().rstrip())))
            start = paragraph.start() + cut.end()
        spans.append((start, paragraph.end()))
    return [(a, b) for a, b in spans if text[a:b].strip()]


# "the capital of Y", "the largest city in Y", "home to 1 million people": what the name before it is
APPOSITIVE = re.compile(r"(?:the|its)\s+(?:capital|largest|biggest|main)\b|home\s+to\b", re.IGNORECASE)
OPENING_CLAUSE = re.compile(r"(?:After|Before|Since|When|While|Although|Though|Despite|As|Until)\b[^,]{3,120},\s+")


def clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The clauses of one sentence, trimmed of the words and marks that join them."""
    sentence = text[start:end]
    openers = "|".join(re.escape(o) for o in CLAUSE_OPENERS)
    cuts = [0]
    leading = OPENING_CLAUSE.match(sentence)
    if leading:  # an opening subordinate clause ("After their assault on X, militants ...") is a clause of its own
        cuts.append(leading.end())
    for cut in re.finditer(rf"[,;–—]\s+(?=(?:{openers})\b)|\s[–—]\s|;\s|\s(?={RELATIVE}\b)|,\s+(?=\w+ing\b)", sentence):
        cuts.append(cut.end() if not cut.group().startswith(" ") or cut.group().strip() else cut.start() + 1)
    for apposition in re.finditer(rf",\s+(?={APPOSITIVE.pattern})[^,;]*", sentence):
        cuts += [apposition.start() + 1, apposition.end()]  # "X, the capital of Y, ...": what X is, a clause of its own
    cuts = sorted(set(cuts)) + [len(sentence)]
    spans = []
    for a, b in zip(cuts, cuts[1:]):
        piece = sentence[a:b]
        lead = len(piece) - len(piece.lstrip(" ,;–—"))
        trail = len(piece.rstrip(" ,;.–—:"))
        if trail > lead:
            spans.append([start + a + lead, start + a + trail])
    merged = []
    for span in spans:  # a fragment of a few words belongs to the clause before it
        if merged and len(text[span[0] : span[1]].split()) < 4:
            merged[-1][1] = span[1]
        else:
            merged.append(span)
    if (
        len(merged) > 1 and len(text[merged[0][0] : merged[0][1]].split()) < 4
    ):  # so is a short first one, to the clause after it
        first = merged.pop(0)
        merged[0][0] = first[0]
    return [(a, b) for a, b in merged]


# ---------------------------------------------------------------------------------------------------
# Names in the text, and ids made of them


def find(pattern: re.Pattern | None, names: dict[str, str], text: str, start: int, end: int) -> list[Mention]:
    if pattern is None:
        return []
    return [
        Mention(m.start(), m.end(), names[m.group().lower().replace("’", "'")], m.group())
        for m in pattern.finditer(text, start, end)
    ]


def find_nested(pattern: re.Pattern | None, names: dict[str, str], text: str, start: int, end: int) -> list[Mention]:
    """find(), and the names inside a longer name ("the Euphrates" inside "villages across the Euphrates")."""
    found = find(pattern, names, text, start, end)
    inner = [m for outer in found for m in find_nested(pattern, names, text, outer.start + 1, outer.end)]
    return sorted(found + [m for m in inner if m.id not in {f.id for f in found}], key=lambda m: m.start)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower().replace("’", "").replace("'", ""))[:40].strip("_") or "unnamed"


def unique(name: str, used: set) -> str:
    candidate, n = name, 2
    while candidate in used:
        candidate, n = f"{name}_{n}", n + 1
    return candidate
