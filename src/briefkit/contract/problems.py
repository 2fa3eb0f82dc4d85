"""One data problem, and the single error that lists all of them."""

from collections import defaultdict
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int  # 1-based line in the file; 1 is the header; 0 when the problem is the whole file
    column: str  # "" when the problem is a whole line or file
    value: str
    message: str

    def __str__(self) -> str:
        if not self.line:
            return f"whole file{f', value {self.value!r}' if self.value else ''}: {self.message}"
        where = f"line {self.line}" + (f", column {self.column}" if self.column else "")
        return f"{where}, value {self.value!r}: {self.message}"


def not_utf8(shown: str, raw: bytes, error: UnicodeDecodeError, advice: str) -> Problem:
    """The first bytes of raw that are not UTF-8, at their line."""
    bad = raw[error.start : error.end].hex(" ")
    return Problem(
        shown,
        raw[: error.start].count(b"\n") + 1,
        "",
        bad,
        f"not UTF-8 (bytes {bad} at byte offset {error.start}): {advice}",
    )


class DataError(ValueError):
    """Raised by the loader with every problem it found, grouped by file."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        by_file = defaultdict(list)
        for problem in self.problems:
            by_file[problem.file].append(problem)
        lines = [f"{len(self.problems)} data problem(s):"]
        for file, found in by_file.items():
            lines.append(f"{file}: {len(found)} problem(s)")
            lines.extend(f"  {problem}" for problem in found)
        super().__init__("\n".join(lines))
