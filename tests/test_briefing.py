"""The briefing page: text from the reports is escaped and numbers keep their range and speaker (unit
tests, on the fixture case); and the default case's built page in headless Chromium: every image loads,
nothing is requested from the network, and it prints to A4 (the screenshot and the PDF are saved under
build/browser/ to be looked at)."""

import base64
import re
import types

import pandas as pd
import pytest

from briefkit.analysis.compare import compare_claims
from briefkit.analysis.corroboration import graded
from briefkit.case.paths import KIT as ROOT
from briefkit.case.paths import SCRATCH
from briefkit.publishing.briefing import (
    differences_section,
    numbers_table,
    page,
    quantity_phrase,
    quoted_parts,
    table,
)
from briefkit.publishing.findings import finding_contested, finding_grades
from conftest import headless_chromium, requests_leaving

BRIEFING = ROOT / "briefing"

PAGE = BRIEFING / "briefing.html"
ARTIFACTS = SCRATCH / "browser"
HOSTILE = "<script>alert('x')</script> & “quotes”"


def test_report_text_is_escaped():
    frame = pd.DataFrame({"quote": [HOSTILE]})
    html = page(
        "t <b>",
        "s",
        [{"heading": "h <i>", "findings": [quoted_parts(HOSTILE, None)], "table": table(frame, {"quote": "quote"})}],
        "f",
    )
    assert "<script>" not in html and html.count("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; “quotes”") == 2
    assert "<h2>h &lt;i&gt;</h2>" in html
    assert "<title>t &lt;b&gt;</title>" in html


def test_quantity_phrase_keeps_range_and_speaker(tables):
    assert (
        quantity_phrase(tables, "f002-002")
        == "“Nearly 5,000 people” (4,500–5,000 people; the regional governor, party to the conflict; report f002)"
    )
    assert (
        quantity_phrase(tables, "f001-004")
        == "“at least 12 burned-out trucks” (12 or more vehicles; a reporter, journalist's observation; report f001)"
    )
    assert (
        quantity_phrase(tables, "f001-005")
        == "“dozens of civilians” (24–99 deaths; Grey News, state media; report f001)"
    )


def test_page_is_self_contained():
    html = PAGE.read_text(encoding="utf-8")
    assert "<script" not in html.lower()
    assert not re.search(r"""src\s*=\s*["'](?!data:)""", html)  # only data: URIs
    # the only links: to a fact in the explorer beside the page
    assert not re.search(r"""href\s*=\s*["'](?!data:|explorer\.html#fact=)""", html)
    assert "default-src 'none'" in html


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    driver = headless_chromium(tmp_path_factory.mktemp("chromium-profile"), 1280, 1600, {"performance": "ALL"})
    driver.get(PAGE.as_uri())
    yield driver
    driver.quit()


def test_every_image_loads(browser):
    images = browser.execute_script("return Array.from(document.images).map(i => [i.complete, i.naturalWidth, i.alt]);")
    assert len(images) == 7
    assert all(complete and width > 0 for complete, width, _ in images), images


def test_nothing_is_requested_from_the_network(browser):
    assert requests_leaving(browser, PAGE) == []


def test_screenshot_and_a4_pdf(browser):
    from selenium.webdriver.common.print_page_options import PrintOptions

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    height = browser.execute_script("return document.documentElement.scrollHeight;")
    browser.set_window_size(1280, min(height, 16000))
    assert browser.save_screenshot(str(ARTIFACTS / "briefing.png"))
    options = PrintOptions()
    options.page_width, options.page_height = 21.0, 29.7
    options.background = True
    pdf = base64.b64decode(browser.print_page(options))
    (ARTIFACTS / "briefing.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) >= 6


@pytest.mark.parametrize(
    "changed, said", [(1, "1 changes meaning or contradicts."), (2, "2 change meaning or contradict.")]
)
def test_the_contested_finding_agrees_in_number(changed, said):
    comparison = pd.DataFrame(
        {
            "reports": ["r1, r2"] * 3,
            "verdict": ["contradicts"] * changed + ["same"] * (3 - changed),
            "verdict_by": ["computed"] * 3,
            "claim_id": ["a", "b", "c"],
            "topic": ["A", "B", "C"],
            "explanation": ["", "", ""],
        }
    )
    assert finding_contested(None, comparison, None, None, None) == f"Of 3 claims more than one report makes, {said}"


def test_the_grades_finding_counts_a_claim_once_per_independent_source():
    comparison = pd.DataFrame(
        {
            "claim_id": ["a", "b", "c"],
            "reports": ["r1, r2", "r1, r3", "r3"],  # r2 is a rewrite of r1
            "wire_copies": ["r1", "r1, r3", "r3"],
            "grade": ["single_source", "corroborated", "single_source"],
        }
    )
    tables = types.SimpleNamespace(sources=pd.DataFrame({"source_id": ["r1", "r2", "r3"]}))
    assert finding_grades(tables, comparison, None, None, None) == (
        "Graded by independent sources, of 3 claims: 1 corroborated by two or more independent sources and 2 rest "
        "on a single source (1 of them repeated by more than one report). The 3 reports rest on 2 independent "
        "sources; a claim counts once for every independent source, not for every report that repeats it."
    )


def test_the_numbers_of_the_newest_day_read_as_an_ocha_table(tables):
    numbers = pd.DataFrame(
        {
            "topic": ["People flee"],
            "quantity_text": ["Nearly 5,000 people"],
            "unit": ["people"],
            "low": [4500.0],
            "high": [5000.0],
            "change": ["up"],
            "previous_day": ["2025-03-11"],
            "previous_quantity_text": ["about 3,000 people"],
            "previous_low": [2550.0],
            "previous_high": [3450.0],
            "previous_speakers": ["the governor"],
            "running_low": [2550.0],
            "running_high": [float("nan")],  # a report left it open-ended
            "speakers": ["the governor"],
            "reports": ["f002"],
            "independent_sources": [1],
            "grade": ["updated"],
        }
    )
    shown = numbers_table(numbers, tables.codebook)
    assert shown["headers"] == [
        "number",
        "the words now",
        "range now",
        "change",
        "was",
        "running range",
        "who says so",
    ]
    many = numbers_table(numbers.assign(reports="f002, f003, f004, f005"), tables.codebook)
    assert many["rows"][0][-1]["text"] == "the governor; 4 reports; 1 independent source"
    assert [cell["text"] for cell in shown["rows"][0]] == [
        "People flee",
        "Nearly 5,000 people",
        "4,500–5,000 people",
        "up",
        "“about 3,000 people” (2,550–3,450 people; the governor; 11 March)",
        "2,550 or more people",
        "the governor; report f002; 1 independent source",
    ]
    # a unit as readers write it (its label in the unit vocabulary), not its id; the CSV keeps the id
    area = [cell["text"] for cell in numbers_table(numbers.assign(unit="square_km"), tables.codebook)["rows"][0]]
    assert area[2] == "4,500–5,000 km²" and "(2,550–3,450 km²;" in area[4]


def test_the_contested_claims_show_their_grade_and_independent_sources(tables, tmp_path):
    (tmp_path / "claims-by-verdict.png").write_bytes(b"not read, only embedded")
    comparison = graded(tables, compare_claims(tables))
    section = differences_section(tables, comparison, tmp_path)
    assert section["table"]["headers"][-1] == "grade (independent sources)"
    # the fixture's contested claims: the alliance (f002 rests on f001's copy) and Kharkiv's rank (f002 only)
    assert [row[-1]["text"] for row in section["table"]["rows"]] == ["contested (1)", "contested (1)"]


def test_the_tables_link_each_row_to_its_fact_in_the_explorer():
    html = PAGE.read_text(encoding="utf-8")
    linked = re.findall(r'href="explorer\.html#fact=([^"]+)"', html)
    facts = set(pd.read_csv(ROOT / "data" / "facts.csv", dtype=str)["fact_id"])
    assert linked and set(linked) <= facts
    assert (BRIEFING / "explorer.html").exists()


def test_a_finding_links_the_words_it_quotes_and_the_claims_it_names_to_their_facts(tables):
    sentence = (
        "Fled: “about 3,000 people” (2,550–3,450 people; the governor; report f001); "
        "The Blue Brigade takes Vovchansk; “words no report wrote” stay plain."
    )
    parts = quoted_parts(sentence, tables)
    assert "".join(part["text"] for part in parts) == sentence
    assert [(part["text"], part["href"]) for part in parts if part["href"]] == [
        ("“about 3,000 people”", "explorer.html#fact=f001-002"),
        ("The Blue Brigade takes Vovchansk", "explorer.html#fact=f001-001"),
    ]
