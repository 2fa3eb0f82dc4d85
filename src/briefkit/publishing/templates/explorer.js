"use strict";
// The explorer's one script. Every piece of text from the data goes into the page through textContent
// or an attribute, never as markup.
(function () {
  const data = JSON.parse(document.getElementById("explorer-data").textContent);
  const facts = new Map(data.facts.map((f) => [f.columns.fact_id, f]));
  const kindLabel = (kind) => data.speaker_labels[kind] || kind;
  const colour = (id) => data.colours[facts.get(id).columns.speaker_kind] || "#8C8C8C";
  const FILTERS = [
    ["report", "report", (f) => f.columns.source_id, (v) => v],
    ["day", "report day", (f) => f.day, (v) => v],
    ["category", "category", (f) => f.columns.category, (v) => v],
    ["kind", "kind of speaker", (f) => f.columns.speaker_kind, kindLabel],
    ["verdict", "claim verdict", (f) => f.verdict, (v) => v],
    ["grade", "claim grade", (f) => f.grade, (v) => v],
    ["place", "place", (f) => f.place, (v) => v],
  ];
  const marksOf = new Map(); // fact id -> its highlights (a quote cut by overlaps has several)
  const elementsOf = new Map(); // fact id -> rows, timeline marks, map symbols, orphan entries
  let selected = [];
  const HINT = document.querySelector("#details .hint").textContent;

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, value);
    for (const child of children) node.append(child);
    return node;
  }
  function link(id, text, className) {
    return el("a", { href: "#fact=" + encodeURIComponent(id), "data-fact": id, class: className || "" }, text || id);
  }
  function remember(index, id, node) {
    if (!index.has(id)) index.set(id, []);
    index.get(id).push(node);
  }

  function drawFilters() {
    const form = document.getElementById("filters");
    for (const [key, label, value, show] of FILTERS) {
      const counts = new Map();
      for (const f of data.facts) counts.set(value(f), (counts.get(value(f)) || 0) + 1);
      const select = el("select", { name: key }, el("option", { value: "" }, `all (${data.facts.length})`));
      for (const v of [...counts.keys()].sort()) {
        select.append(el("option", { value: v }, `${v === "" ? "(none)" : show(v)} (${counts.get(v)})`));
      }
      select.addEventListener("change", () => update(true));
      form.append(el("label", {}, label, select));
    }
    const reset = el("button", { type: "button" }, "show all");
    reset.addEventListener("click", () => {
      for (const select of form.querySelectorAll("select")) select.value = "";
      update(true);
    });
    form.append(reset);
    const legend = document.getElementById("legend");
    for (const kind of new Set(data.facts.map((f) => f.columns.speaker_kind))) {
      const swatch = el("span", { class: "swatch", style: `background:${data.colours[kind] || "#8C8C8C"}` });
      legend.append(el("li", {}, swatch, kindLabel(kind)));
    }
  }

  function drawReports() {
    const holder = document.getElementById("reports");
    for (const report of data.reports) {
      const text = el("div", { class: "text", lang: "en" });
      let previous = "";
      for (const [piece, ids] of report.segments) {
        if (!ids.length) {
          text.append(piece);
          previous = "";
          continue;
        }
        // the first quote's colour behind the words, each further one as a line below them, a pale gap between
        const shadows = ids.slice(1).flatMap((id, k) => [`inset 0 -${3 * k + 2}px 0 ${colour(id)}`, `inset 0 -${3 * k + 3}px 0 #fcfcfa`]);
        const mark = el("mark", {
          tabindex: "0",
          role: "button",
          "data-facts": ids.join(" "),
          "aria-label": `fact${ids.length > 1 ? "s" : ""} ${ids.join(", ")}`,
          style: `background:${colour(ids[0])}40;` +
            (shadows.length ? `box-shadow:${shadows.join(",")};padding-bottom:${1.5 * shadows.length + 1}px` : ""),
        }, piece);
        if (ids.length > 1 && ids.join(" ") !== previous) mark.setAttribute("data-n", String(ids.length));
        previous = ids.join(" ");
        for (const id of ids) remember(marksOf, id, mark);
        text.append(mark);
      }
      const meta = `outlet: ${report.outlet} · ${report.day}` + (report.day_basis === "stated" ? "" : " (date inferred)");
      const count = el("span", { class: "shown", "data-report": report.source_id });
      const section = el("article", { class: "report", id: "report-" + report.source_id },
        el("h3", {}, `Report ${report.source_id}: ${report.title}`), el("p", { class: "meta" }, meta, count), text);
      if (report.orphans.length) section.append(drawOrphans(report.orphans));
      holder.append(section);
    }
  }

  function drawOrphans(orphans) {
    const list = el("ul");
    for (const o of orphans) {
      const where = o.found_elsewhere.length ? `; the quote occurs at ${o.found_elsewhere.join(", ")}` : "; the quote is not in the text";
      const item = el("li", { id: "orphan-" + o.fact_id }, link(o.fact_id), " ", el("span", { class: "quote" }, `“${o.quote}”`),
        el("br"), `at quote_start ${o.quote_start === "" ? "(none)" : o.quote_start} the text reads “${o.found_there}”${where}.`);
      remember(elementsOf, o.fact_id, item);
      list.append(item);
    }
    const n = orphans.length;
    return el("div", { class: "orphans" },
      el("h4", {}, `${n} quote${n > 1 ? "s" : ""} no longer match${n > 1 ? "" : "es"} this report's text at ${n > 1 ? "their offsets" : "its offset"}`), list);
  }

  function drawMaps() {
    for (const holder of document.querySelectorAll(".map .svg")) {
      for (const symbol of holder.querySelectorAll('g[id*="symbol-"]')) {
        const id = symbol.id.slice(symbol.id.indexOf("symbol-") + "symbol-".length);
        if (!facts.has(id)) continue;
        const claim = facts.get(id).columns.claim_id;
        const ids = data.facts.filter((f) => f.columns.claim_id === claim).map((f) => f.columns.fact_id);
        symbol.setAttribute("tabindex", "0");
        symbol.setAttribute("role", "button");
        symbol.setAttribute("aria-label", `map symbol: facts ${ids.join(", ")}`);
        symbol.dataset.facts = ids.join(" ");
        for (const other of ids) remember(elementsOf, other, symbol);
        symbol.addEventListener("click", () => select(ids, true));
        symbol.addEventListener("keydown", (event) => pressed(event, ids));
      }
    }
  }

  function drawTimeline() {
    const days = new Map();
    for (const f of data.facts) {
      const c = f.columns;
      if (!c.date_start) continue;
      const key = c.date_end && c.date_end !== c.date_start ? `${c.date_start} to ${c.date_end}` : c.date_start;
      if (!days.has(key)) days.set(key, []);
      days.get(key).push(f);
    }
    const list = document.getElementById("timeline");
    for (const key of [...days.keys()].sort()) {
      const chips = el("div", { class: "chips" });
      for (const f of days.get(key)) {
        const c = f.columns;
        const chip = link(c.fact_id, c.fact_id, "chip");
        chip.setAttribute("style", `border-color:${colour(c.fact_id)}`);
        chip.setAttribute("title", `${c.date_text ? "“" + c.date_text + "” · " : ""}${c.date_precision} · ${c.date_basis}`);
        remember(elementsOf, c.fact_id, chip);
        chips.append(chip);
      }
      list.append(el("li", {}, el("span", {}, key), chips));
    }
  }

  const COLUMNS = [["fact", (f) => f.columns.fact_id], ["report", (f) => f.columns.source_id], ["day", (f) => f.day],
    ["category", (f) => f.columns.category], ["speaker", (f) => f.speaker], ["kind", (f) => kindLabel(f.columns.speaker_kind)],
    ["place", (f) => f.place], ["verdict", (f) => f.verdict], ["grade", (f) => f.grade], ["quote", (f) => f.columns.quote]];

  function drawTable() {
    const table = document.getElementById("table");
    table.append(el("thead", {}, el("tr", {}, ...COLUMNS.map(([name]) => el("th", { scope: "col" }, name)))));
    const body = el("tbody");
    for (const f of data.facts) {
      const id = f.columns.fact_id;
      const row = el("tr", { "data-facts": id },
        el("td", {}, link(id)), ...COLUMNS.slice(1).map(([name, value]) => el("td", name === "quote" ? { class: "quote" } : {}, value(f))));
      row.addEventListener("click", (event) => {
        if (!event.target.closest("a")) select([id], true);
      });
      remember(elementsOf, id, row);
      body.append(row);
    }
    table.append(body);
  }

  function describe(id) {
    const f = facts.get(id);
    const c = f.columns;
    const claim = data.claims[c.claim_id] || {};
    const box = el("div", { class: "fact" }, el("h3", {}, link(id, "fact " + id)),
      el("p", { class: "quote" }, `“${c.quote}”`), el("p", { class: "meta" }, `${f.speaker} · ${kindLabel(c.speaker_kind)} · report ${c.source_id}`));
    const verdict = claim.verdict ? ` · verdict: ${claim.verdict}` + (claim.verdict_by ? ` (by ${claim.verdict_by})` : "") : "";
    const about = el("div", { class: "claim" }, el("strong", {}, `claim ${c.claim_id}: `), claim.topic || "", verdict);
    if (claim.explanation) about.append(el("br"), `why: ${claim.explanation}`);
    if (claim.grade) {
      const by = claim.grade_by ? ` (by ${claim.grade_by})` : "";
      about.append(el("br"), `grade: ${claim.grade}${by}` + (claim.grade_explanation ? `: ${claim.grade_explanation}` : ""));
    }
    for (const [key, words] of [["updates", "updates"], ["updated_by", "updated by"]]) {
      if (claim[key]) about.append(el("br"), `${words}: ${claim[key]}`);
    }
    box.append(about);
    const same = data.facts.filter((o) => o.columns.claim_id === c.claim_id && o.columns.fact_id !== id);
    if (same.length) {
      const side = el("div", { class: "side" });
      for (const o of same) {
        side.append(el("div", { style: `border-left-color:${colour(o.columns.fact_id)}` },
          el("strong", {}, `report ${o.columns.source_id} `), link(o.columns.fact_id), el("br"),
          el("span", { class: "quote" }, `“${o.columns.quote}”`), el("br"), el("span", { class: "meta" }, o.speaker)));
      }
      box.append(el("p", { class: "meta" }, "The same claim in its other statements:"), side);
    }
    const list = el("dl");
    const empty = Object.keys(c).filter((column) => c[column] === "");
    for (const [column, value] of Object.entries(c)) if (value !== "") list.append(el("dt", {}, column), el("dd", {}, value));
    box.append(list, el("p", { class: "meta empty" }, `empty: ${empty.join(", ") || "none"}`));
    return box;
  }

  function select(ids, scroll) {
    selected = ids.filter((id) => facts.has(id));
    for (const node of document.querySelectorAll(".picked")) node.classList.remove("picked");
    const details = document.getElementById("details");
    const close = el("button", { type: "button", class: "close", "aria-label": "close" }, "×");
    close.addEventListener("click", () => select([], false));
    details.replaceChildren(...(selected.length ? [close, ...selected.map(describe)] : [el("p", { class: "hint" }, HINT)]));
    details.classList.toggle("open", selected.length > 0);
    for (const id of selected) {
      for (const node of [...(marksOf.get(id) || []), ...(elementsOf.get(id) || [])]) node.classList.add("picked");
    }
    if (scroll && selected.length) {
      const target = (marksOf.get(selected[0]) || elementsOf.get(selected[0]) || [])[0];
      if (target) {
        // on a narrow screen the facts open in a sheet over the lower half: the quote goes above it
        target.scrollIntoView({ block: matchMedia("(max-width: 900px)").matches ? "start" : "center" });
        for (const node of marksOf.get(selected[0]) || [target]) {
          node.classList.remove("flash");
          void node.getBoundingClientRect(); // restart the animation
          node.classList.add("flash");
        }
        details.scrollTop = 0;
      }
    }
    writeHash();
  }

  function pressed(event, ids) {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      select(ids, true);
    }
  }

  function shown(f) {
    return FILTERS.every(([key, , value]) => {
      const wanted = document.querySelector(`#filters select[name="${key}"]`).value;
      return wanted === "" || value(f) === wanted;
    });
  }

  function update(write) {
    const visible = new Set(data.facts.filter(shown).map((f) => f.columns.fact_id));
    for (const node of document.querySelectorAll("[data-facts]")) {
      const off = !node.dataset.facts.split(" ").some((id) => visible.has(id));
      node.classList.toggle(node.tagName === "MARK" ? "dim" : "off", off);
    }
    for (const chip of document.querySelectorAll("#timeline .chip")) chip.hidden = !visible.has(chip.dataset.fact);
    for (const count of document.querySelectorAll(".shown")) {
      const of = data.facts.filter((f) => f.columns.source_id === count.dataset.report);
      count.textContent = ` · ${of.filter((f) => visible.has(f.columns.fact_id)).length} of ${of.length} facts shown`;
    }
    const active = FILTERS.filter(([key]) => document.querySelector(`#filters select[name="${key}"]`).value !== "");
    document.body.classList.toggle("filtering", active.length > 0);
    document.getElementById("count").textContent =
      `Showing ${visible.size} of ${data.facts.length} facts` + (active.length ? ` (filtered by ${active.map(([, label]) => label).join(", ")})` : "");
    if (write) writeHash();
  }

  function writeHash() {
    const state = new URLSearchParams();
    if (selected.length === 1) state.set("fact", selected[0]);
    for (const [key] of FILTERS) {
      const value = document.querySelector(`#filters select[name="${key}"]`).value;
      if (value !== "") state.set(key, value);
    }
    const hash = state.toString() ? "#" + state.toString() : "";
    if (hash === location.hash) return; // browsers limit how often a page may change its address
    try {
      history.replaceState(null, "", hash || location.pathname + location.search);
    } catch (error) {
      // a page shown in a sandboxed frame (a notebook's output) may not change its address; the view still works
    }
  }

  function readHash() {
    const state = new URLSearchParams(location.hash.slice(1));
    for (const [key] of FILTERS) {
      const select = document.querySelector(`#filters select[name="${key}"]`);
      const wanted = state.get(key) || "";
      select.value = [...select.options].some((option) => option.value === wanted) ? wanted : "";
    }
    update(false);
    select(state.get("fact") ? [state.get("fact")] : [], true); // the address is the view: no fact named, none open
  }

  document.addEventListener("click", (event) => {
    const target = event.target.closest("a[data-fact], mark[data-facts]");
    if (!target) return;
    event.preventDefault();
    select(target.dataset.fact ? [target.dataset.fact] : target.dataset.facts.split(" "), true);
  });
  document.addEventListener("keydown", (event) => {
    const target = event.target.closest && event.target.closest("mark[data-facts], tr[data-facts]");
    if (target) pressed(event, target.dataset.facts.split(" "));
  });
  window.addEventListener("hashchange", readHash);

  document.getElementById("needs-script").remove();
  drawFilters();
  drawReports();
  drawMaps();
  drawTimeline();
  drawTable();
  readHash();
})();
