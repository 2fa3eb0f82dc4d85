"""Write environment.yml from requirements.lock, so conda users get exactly the locked versions.

Every locked package goes under ``pip:`` with its exact pin: conda-forge names and builds differ from
PyPI's, and pip in a conda environment installs the same wheels the lock was resolved from.
Run through ``./kit lock``; ``tests/test_environment.py`` checks the two files agree.
"""

import re
import sys

from briefkit.case.paths import KIT as ROOT

PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s\\;]+)")


def locked_pins(lock_text: str) -> dict[str, str]:
    """Package name (lower case) -> version, for every pin in a hashed requirements lock."""
    return {m[1].lower(): m[2] for line in lock_text.splitlines() if (m := PIN.match(line))}


def environment_yml(pins: dict[str, str]) -> str:
    lines = [
        "# Written by `./kit lock` from requirements.lock: edit requirements.in, not this file.",
        "name: briefkit",
        "channels:",
        "  - conda-forge",
        "dependencies:",
        "  - python=3.11",
        "  - pip",
        "  - pip:",
        *(f"      - {name}=={version}" for name, version in sorted(pins.items())),
        "      - -e .",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(environment_yml(locked_pins((ROOT / "requirements.lock").read_text())))
