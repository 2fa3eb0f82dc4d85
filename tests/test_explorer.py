"""The explorer page: quotes anchored at their offsets (overlaps cut into segments, orphans listed with
what the text holds there), data escaped into the page, its one script allowed by hash (unit tests, on
hand-made data and the fixture case); and the default case's built page in headless Chromium: every fact
reachable, a highlight, a filter, a fragment and a map symbol do what they say, no console error, no
request outside the page (screenshots, desktop and narrow, saved under build/browser/ to be looked at)."""

import base64
import dataclasses
import hashlib
import html
import json
import re
import time

import pandas as pd
import pytest

from briefkit.case.paths import KIT, SCRATCH
from briefkit.publishing.explorer import anchor, explorer_page, inline_frame, inline_svg, script_json, segments
from conftest import headless_chromium, requests_leaving

PAGE = KIT / "briefing" / "explorer.html"
ARTIFACTS = SCRATCH / "browser"
# Chromium lets a page change its address (fragment, history.replaceState) 200 times in 10 seconds, then
# ignores it for the rest of the window
ADDRESS_CHANGES, ADDRESS_WINDOW_SECONDS = 180, 10.5
HOSTILE = "</script><script>alert('x')</script><!-- & “quotes”"


def test_overlapping_quotes_cut_the_text_into_segments_naming_every_fact():
    text = "Rebels took the town of Soran on Monday."
    spans = [(0, 29, "whole"), (11, 29, "town"), (24, 29, "name"), (30, 39, "day")]
    assert segments(text, spans) == [
        ("Rebels took", ["whole"]),
        (" the town of ", ["whole", "town"]),
        ("Soran", ["whole", "town", "name"]),
        (" ", []),
        ("on Monday", ["day"]),
        (".", []),
    ]


def test_segments_give_the_text_back_and_two_identical_quotes_share_one_segment():
    text = "a b c"
    pieces = segments(text, [(2, 3, "x"), (2, 3, "y")])
    assert "".join(piece for piece, _ in pieces) == text
    assert pieces == [("a ", []), ("b", ["x", "y"]), (" c", [])]


def test_a_quote_that_no_longer_matches_its_offset_is_an_orphan_with_what_the_text_holds_there():
    texts = {"r1": "The army held Hama. Rebels said the army fled Hama."}
    facts = pd.DataFrame(
        {
            "fact_id": ["r1-001", "r1-002", "r1-003", "r1-004"],
            "source_id": ["r1"] * 4,
            "quote": ["The army held Hama", "the army fled Hama", "Hama", "the army surrendered"],
            "quote_start": [0, 20, float("nan"), 4],
        }
    )
    spans, orphans = anchor(facts, texts)
    assert spans == {"r1": [(0, 18, "r1-001")]}
    moved, no_offset, missing = orphans
    assert (moved.fact_id, moved.quote_start, moved.found_there, moved.found_elsewhere) == (
        "r1-002",
        20,
        "Rebels said the ar",
        (32,),
    )
    assert (no_offset.fact_id, no_offset.quote_start, no_offset.found_there, no_offset.found_elsewhere) == (
        "r1-003",
        None,
        "",
        (14, 46),
    )
    assert (missing.fact_id, missing.found_there, missing.found_elsewhere) == ("r1-004", "army held Hama. Rebe", ())


def test_data_in_the_page_cannot_close_its_script_and_reads_back_whole():
    data = {"quote": HOSTILE, "nested": [{"text": "a < b > c && d"}]}
    text = script_json(data)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == data


COMPARISON = pd.DataFrame(columns=["claim_id", "topic", "verdict", "explanation", "verdict_by"])


def damaged_page(tables) -> str:
    """The fixture case's page with its second fact's quote_start moved by one: an orphan."""
    facts = tables.facts.copy()
    facts.at[facts.index[1], "quote_start"] += 1
    return explorer_page(dataclasses.replace(tables, facts=facts), COMPARISON, tables.folder.figures)


def hostile_page(tables) -> str:
    """The fixture case's page with its first fact's quote (and the report's text there) made hostile."""
    facts = tables.facts.copy()
    first = facts.index[0]
    source, start, old = facts.at[first, "source_id"], int(facts.at[first, "quote_start"]), facts.at[first, "quote"]
    texts = dict(tables.texts)
    texts[source] = texts[source][:start] + HOSTILE + texts[source][start + len(old) :]
    later = (facts["source_id"] == source) & (facts["quote_start"] > start)
    facts.loc[later, "quote_start"] += len(HOSTILE) - len(old)
    facts.at[first, "quote"] = HOSTILE
    return explorer_page(dataclasses.replace(tables, facts=facts, texts=texts), COMPARISON, tables.folder.figures)


def test_report_text_is_escaped_and_the_one_script_is_allowed_by_its_hash(tables, tmp_path):
    page = hostile_page(tables)
    assert "<script>alert" not in page and page.lower().count("<script") == 2  # the data and the script
    scripts = re.findall(r"<script>(.*?)</script>", page, flags=re.S)
    assert len(scripts) == 1
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page).group(1)
    assert policy == f"default-src 'none'; script-src 'sha256-{digest}'; style-src 'unsafe-inline'; img-src data:"


def test_map_ids_are_prefixed_so_two_maps_cannot_collide(tmp_path):
    svg = tmp_path / "map.svg"
    svg.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE svg>\n<svg><defs><path id="m1"/></defs>'
        '<g id="symbol-f1"><use xlink:href="#m1" clip-path="url(#c1)"/></g></svg>',
        encoding="utf-8",
    )
    assert inline_svg(svg, "front-") == (
        '<svg><defs><path id="front-m1"/></defs>'
        '<g id="front-symbol-f1"><use xlink:href="#front-m1" clip-path="url(#front-c1)"/></g></svg>'
    )


def test_the_notebook_frame_gives_the_page_back_whole():
    page = "<p title='it&#39;s'>a & b “c” 'd'</p>"
    frame = inline_frame(page)
    srcdoc = re.fullmatch(r"<iframe srcdoc='([^']*)' sandbox='allow-scripts' .*</iframe>", frame).group(1)
    assert html.unescape(srcdoc) == page


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    driver = headless_chromium(
        tmp_path_factory.mktemp("chromium-profile"), 1400, 1000, {"performance": "ALL", "browser": "ALL"}
    )
    driver.get(PAGE.as_uri())
    yield driver
    driver.quit()


def open_fragment(browser, fragment: str) -> None:
    """Set the page's fragment and return once the page has read it (hashchange comes as a later task)."""
    browser.execute_async_script(
        "const [fragment, done] = arguments;"
        "if (location.hash.slice(1) === fragment) return done();"
        "addEventListener('hashchange', () => setTimeout(done), {once: true});"
        "location.hash = fragment;",
        fragment,
    )


def details(browser) -> str:
    return browser.find_element("id", "details").text


def test_every_fact_is_highlighted_in_its_report_and_opens_from_its_address(browser):
    fact_ids = pd.read_csv(KIT / "data" / "facts.csv")["fact_id"].tolist()
    highlighted = browser.execute_script(
        "return [...document.querySelectorAll('mark[data-facts]')].flatMap(m => m.dataset.facts.split(' '));"
    )
    assert set(highlighted) == set(fact_ids)
    for start in range(0, len(fact_ids), ADDRESS_CHANGES):  # its link in the table; the page writes its address
        if start:
            time.sleep(ADDRESS_WINDOW_SECONDS)
        opened = browser.execute_script(
            'return arguments[0].map(id => { document.querySelector(`#table a[data-fact="${id}"]`).click();'
            "return [document.querySelector('#details .fact h3').textContent, location.hash]; });",
            fact_ids[start : start + ADDRESS_CHANGES],
        )
        assert opened == [[f"fact {i}", f"#fact={i}"] for i in fact_ids[start : start + ADDRESS_CHANGES]]
    for fact_id in fact_ids[:: max(1, len(fact_ids) // 8)]:  # and a cited address opens it
        open_fragment(browser, f"fact={fact_id}")
        assert browser.find_element("css selector", "#details .fact h3").text == f"fact {fact_id}"


def test_a_click_on_a_highlight_shows_its_rows(browser):
    facts = pd.read_csv(KIT / "data" / "facts.csv").set_index("fact_id")
    mark = browser.find_elements("css selector", "mark[data-n]")[0]  # where quotes overlap: every fact covering it
    mark.click()
    shown = [h.text for h in browser.find_elements("css selector", "#details .fact h3")]
    assert shown == [f"fact {fact_id}" for fact_id in mark.get_attribute("data-facts").split()] and len(shown) > 1
    for fact_id in mark.get_attribute("data-facts").split():
        assert facts.at[fact_id, "quote"] in details(browser)
    assert browser.execute_script("return location.hash;") == ""  # several facts: no single one to cite


def test_a_highlight_opens_from_the_keyboard(browser):
    from selenium.webdriver.common.keys import Keys

    open_fragment(browser, "")
    mark = browser.find_elements("css selector", "mark[data-facts]")[-1]
    assert mark.get_attribute("tabindex") == "0"
    mark.send_keys(Keys.ENTER)
    shown = [h.text for h in browser.find_elements("css selector", "#details .fact h3")]
    assert shown == [f"fact {fact_id}" for fact_id in mark.get_attribute("data-facts").split()]


def test_a_filter_changes_the_count_and_is_kept_in_the_address(browser):
    from selenium.webdriver.support.ui import Select

    facts = pd.read_csv(KIT / "data" / "facts.csv")
    parties = int((facts["speaker_kind"] == "party_to_conflict").sum())
    open_fragment(browser, "")
    assert browser.find_element("id", "count").text == f"Showing {len(facts)} of {len(facts)} facts"
    Select(browser.find_element("css selector", "select[name=kind]")).select_by_value("party_to_conflict")
    assert browser.find_element("id", "count").text.startswith(f"Showing {parties} of {len(facts)} facts")
    assert browser.execute_script("return location.hash;") == "#kind=party_to_conflict"
    rows = browser.execute_script("return document.querySelectorAll('#table tbody tr:not(.off)').length;")
    assert rows == parties
    browser.find_element("css selector", "#filters button").click()
    assert browser.find_element("id", "count").text == f"Showing {len(facts)} of {len(facts)} facts"


def test_a_cited_address_opens_that_fact_and_its_filters(browser):
    facts = pd.read_csv(KIT / "data" / "facts.csv")
    fact = facts.iloc[len(facts) // 2]
    browser.get(PAGE.as_uri() + f"#report={fact['source_id']}&fact={fact['fact_id']}")
    assert browser.find_element("css selector", "#details .fact h3").text == f"fact {fact['fact_id']}"
    assert fact["quote"] in details(browser)
    picked = browser.execute_script("return [...document.querySelectorAll('mark.picked')].map(m => m.textContent);")
    assert "".join(picked) == fact["quote"]
    shown = int((facts["source_id"] == fact["source_id"]).sum())
    assert browser.find_element("id", "count").text.startswith(f"Showing {shown} of {len(facts)} facts")


def test_a_map_symbol_opens_its_claims_facts(browser):
    open_fragment(browser, "")
    facts = pd.read_csv(KIT / "data" / "facts.csv").set_index("fact_id")
    symbol = browser.execute_script(
        "const g = document.querySelector('#situation-map g[id^=\"situation-map-symbol-\"]');"
        "g.dispatchEvent(new MouseEvent('click', {bubbles: true})); return g.id;"
    )
    claim = facts.at[symbol.removeprefix("situation-map-symbol-"), "claim_id"]
    shown = [h.text for h in browser.find_elements("css selector", "#details .fact h3")]
    assert shown == [f"fact {i}" for i in facts.index[facts["claim_id"] == claim]]


def test_an_orphaned_quote_is_shown_not_hidden(browser, tables, tmp_path):
    page = tmp_path / "explorer.html"
    page.write_text(damaged_page(tables), encoding="utf-8")
    orphan = tables.facts.iloc[1]
    browser.get(page.as_uri() + f"#fact={orphan['fact_id']}")
    entry = browser.find_element("id", f"orphan-{orphan['fact_id']}")
    assert entry.is_displayed() and orphan["quote"] in entry.text
    assert f"at quote_start {int(orphan['quote_start']) + 1} the text reads" in entry.text
    assert browser.find_element("css selector", "#details .fact h3").text == f"fact {orphan['fact_id']}"


def test_report_text_is_shown_as_text(browser, tables, tmp_path):
    page = tmp_path / "explorer.html"
    page.write_text(hostile_page(tables), encoding="utf-8")
    browser.get(page.as_uri())  # a script in the text would raise an alert here, and selenium would fail the test
    marks = browser.execute_script(
        "return [...document.querySelectorAll(arguments[0])].map(m => m.textContent).join('');",
        f'mark[data-facts~="{tables.facts.iloc[0]["fact_id"]}"]',
    )
    assert marks == HOSTILE
    browser.get(PAGE.as_uri())


def test_no_console_error_and_nothing_requested_outside_the_page(browser):
    assert [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"] == []
    assert requests_leaving(browser, PAGE) == []


def test_screenshots_desktop_and_narrow(browser):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for name, width in (("explorer-desktop", 1400), ("explorer-narrow", 420)):
        browser.set_window_size(width, 1000)
        browser.get("about:blank")  # the same address again would not load the page anew at this width
        browser.get(PAGE.as_uri() + "#fact=" + pd.read_csv(KIT / "data" / "facts.csv")["fact_id"].iloc[-1])
        assert browser.save_screenshot(str(ARTIFACTS / f"{name}.png"))
        overflow = browser.execute_script("return document.documentElement.scrollWidth - window.innerWidth;")
        assert overflow <= 0, f"{name}: the page is {overflow}px wider than the window"
