"""environment.yml (for conda users) pins exactly what requirements.lock pins."""

import re

from briefkit.case.paths import KIT as ROOT
from briefkit.commands.environment import locked_pins


def test_environment_yml_matches_lock():
    lock = locked_pins((ROOT / "requirements.lock").read_text())
    listed = dict(re.findall(r"^\s+- ([A-Za-z0-9_.\-]+)==(\S+)$", (ROOT / "environment.yml").read_text(), flags=re.M))
    assert listed == lock
    assert "  - python=3.11" in (ROOT / "environment.yml").read_text()


def test_every_direct_requirement_is_locked():
    lock = locked_pins((ROOT / "requirements.lock").read_text())
    wanted = [line.split("#")[0].strip().lower() for line in (ROOT / "requirements.in").read_text().splitlines()]
    missing = [name for name in wanted if name and name.replace("_", "-") not in lock and name not in lock]
    assert missing == []
