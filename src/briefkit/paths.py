"""Every path the project uses, resolved from the project root (the package is installed editable)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
SOURCES = DATA / "sources"
DERIVED = DATA / "derived"
FIGURES = ROOT / "figures"
BRIEFING = ROOT / "briefing"
NOTEBOOKS = ROOT / "notebooks"


def relative(path: Path) -> str:
    """The path as shown to people: relative to the project root, so output is the same on every machine."""
    try:
        return Path(path).resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return Path(path).name
