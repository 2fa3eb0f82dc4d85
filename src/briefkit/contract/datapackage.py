"""The case's tables as a Frictionless Data Package (`data/datapackage.json`), written from the codebook.

Every table the case has becomes a resource whose Table Schema says what the codebook says: each
column's type (an id and a checksum as patterned strings), whether it is required or unique, the values
of its vocabulary, and the column it refers to (a foreign key). An empty cell is a missing value, as the
codebook reads it. Tools of the Frictionless ecosystem (`frictionless validate data/datapackage.json`,
the Data Package readers of R, Python and JavaScript) then read the case without the kit. The kit's own
loader checks more than a Table Schema can say (quotes against the reports, hedges, dates, geography).
"""

import csv
import json
import re
from pathlib import Path

from briefkit.contract.codebook import (
    CODEBOOK_COLUMNS,
    OPTIONAL_TABLES,
    OPTIONAL_VOCABULARY_COLUMNS,
    TABLES,
    TYPE_PATTERNS,
    VOCABULARY_COLUMNS,
    Codebook,
    ColumnSpec,
)

NAME = "datapackage.json"
# the codebook's types as Table Schema's: an id and a checksum are strings of a pattern
FIELD_TYPES = {
    "text": "string",
    "id": "string",
    "sha256": "string",
    "integer": "integer",
    "number": "number",
    "date": "date",
}


def field(spec: ColumnSpec, book: Codebook) -> dict:
    """One column's Table Schema field."""
    constraints = {}
    if spec.required:
        constraints["required"] = True
    if spec.unique:
        constraints["unique"] = True
    if spec.type in ("id", "sha256"):
        constraints["pattern"] = TYPE_PATTERNS[spec.type]
    if spec.vocabulary:
        constraints["enum"] = book.vocabularies[spec.vocabulary]
    described = {"name": spec.column, "type": FIELD_TYPES[spec.type], "description": spec.description}
    return described | ({"constraints": constraints} if constraints else {})


def descriptor(book: Codebook, data_dir: Path, title: str) -> dict:
    """The Data Package of the tables the case has (an optional table it lacks is left out)."""
    present = [name for name in TABLES if name not in OPTIONAL_TABLES or (data_dir / f"{name}.csv").exists()]
    resources = [
        _contract_resource("codebook", CODEBOOK_COLUMNS),
        _contract_resource(
            "vocabularies",
            VOCABULARY_COLUMNS
            + tuple(c for c in OPTIONAL_VOCABULARY_COLUMNS if c in _header(data_dir / "vocabularies.csv")),
        ),
    ]
    for name in present:
        specs = book.table(name)
        keys = []
        for spec in specs:
            if spec.references:
                table, column = spec.references.split(".")
                if table in present:
                    keys.append(
                        {
                            "fields": spec.column,
                            "reference": {"resource": "" if table == name else table, "fields": column},
                        }
                    )
        # in the file's own column order: a Table Schema's fields are its columns, left to right
        order = _header(data_dir / f"{name}.csv")
        specs = sorted(specs, key=lambda spec: order.index(spec.column) if spec.column in order else len(order))
        schema = {"fields": [field(spec, book) for spec in specs], "missingValues": [""]}
        resources.append(_resource(name, schema | ({"foreignKeys": keys} if keys else {})))
    return {
        "profile": "tabular-data-package",
        "name": re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "case",
        "title": title,
        "description": "Facts reported by news reports, each with its verbatim quote, report and speaker; hedged "
        "numbers as intervals; places with referenced coordinates. Written by briefkit from data/codebook.csv.",
        "resources": resources,
    }


def _header(path: Path) -> list[str]:
    if not path.exists():
        return []
    with open(path, encoding="utf-8", newline="") as f:
        return next(csv.reader(f), [])


def _resource(name: str, schema: dict) -> dict:
    return {
        "name": name,
        "path": f"{name}.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": schema,
    }


def _contract_resource(name: str, columns: tuple[str, ...]) -> dict:
    """The contract's own tables: fixed columns of text."""
    return _resource(name, {"fields": [{"name": c, "type": "string"} for c in columns], "missingValues": [""]})


def write_datapackage(book: Codebook, data_dir: Path, title: str) -> Path:
    """data/datapackage.json, the same bytes for the same codebook and tables."""
    path = data_dir / NAME
    text = json.dumps(descriptor(book, data_dir, title), ensure_ascii=False, indent=1) + "\n"
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return path
