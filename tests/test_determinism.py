"""Running a notebook twice writes byte-identical figures (here the two maps, the most complex ones)."""

import hashlib

import nbformat
from nbclient import NotebookClient

from briefkit.paths import FIGURES, NOTEBOOKS

NOTEBOOK = NOTEBOOKS / "04-map-the-offensive.ipynb"
OUTPUTS = ["situation-map.png", "situation-map.svg", "hama-front-map.png", "hama-front-map.svg"]


def build_and_hash() -> dict[str, str]:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    return {name: hashlib.sha256((FIGURES / name).read_bytes()).hexdigest() for name in OUTPUTS}


def test_maps_are_byte_identical_across_builds():
    assert build_and_hash() == build_and_hash()
