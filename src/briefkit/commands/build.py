"""Execute every notebook of the kit for one case (`./kit build [CASE_DIR]`).

The default case (the repository) is built in place: outputs are written into notebooks/ so they show
their results when opened, and strict nbval re-executes them to prove the stored outputs are
reproduced exactly. Any other case gets its own executed copies in CASE_DIR/notebooks/, next to its
figures, so an analyst opens the notebooks with that case's outputs.

Notebooks run in parallel, as many at a time as the machine has cores. What each one reads and
writes is declared once, in its opening cell (the paragraphs that start "**Reads:**" and
"**Writes:**": every `data/...`, `figures/...` or `briefing/...` path in backticks, a folder ending in
"/" standing for everything in it), and a notebook starts only after every earlier one that writes
what it reads. Each notebook's outputs depend on its inputs alone, so the result is the same as a
serial build, byte for byte. The case's data is checked once, here, before any notebook starts; the
notebooks load it without checking it again (see briefkit.contract.load).
"""

import contextlib
import hashlib
import io
import json
import os
import re
import shutil
import sys
import tempfile
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, ThreadPoolExecutor, wait
from contextlib import contextmanager
from pathlib import Path

import nbformat
import pandas as pd
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from briefkit.case.paths import AS_OF_VARIABLE, CASE_VARIABLE, CHECKED_VARIABLE, KIT, SCRATCH, Case, is_case

TIMEOUT_SECONDS = 600
DAY_STAMPS = "days.json"  # in briefing/: for each dated briefing, the digest of what it was built from
BRIEFING = "briefing/briefing.html"


def kit_notebooks() -> list[Path]:
    return sorted((KIT / "notebooks").glob("[0-9][0-9]-*.ipynb"))


def run(notebook_path: Path, case: Case) -> float:
    """Execute one of the kit's notebooks for case, in case's notebooks folder (the kernel's working directory)."""
    started = time.perf_counter()
    notebook = nbformat.read(notebook_path, as_version=4)
    case.notebooks.mkdir(parents=True, exist_ok=True)
    # The kernel talks to us over local sockets in a private folder, not TCP (which makes every kernel
    # print a warning about unencrypted traffic, though it never leaves the machine).
    with tempfile.TemporaryDirectory(prefix="briefkit-kernel-") as sockets:
        kernel = KernelManager(kernel_name="python3", transport="ipc", ip=str(Path(sockets) / "kernel"))
        # coalesce_streams: a print may reach the client in one message or two, depending on timing
        client = NotebookClient(
            notebook,
            km=kernel,
            timeout=TIMEOUT_SECONDS,
            kernel_name="python3",
            coalesce_streams=True,
            resources={"metadata": {"path": str(case.notebooks)}},
        )
        try:
            client.execute()
        except CellExecutionError as error:
            raise NotebookFailed.of(notebook_path, notebook, error, case) from None
        finally:
            # a kernel manager we pass in is ours to shut down, not the client's; so are the channels the
            # client opened to it, which a cell that fails leaves open
            if client.kc is not None:
                client.kc.stop_channels()
            if kernel.has_kernel:
                kernel.shutdown_kernel(now=True)
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)  # run timestamps would change the file on every build
    nbformat.write(notebook, case.notebooks / notebook_path.name)
    return time.perf_counter() - started


# Where a notebook that fails leaves its whole traceback: the kit's scratch folder, one folder per case
FAILURE_LOGS = SCRATCH / "logs"
ANSI_COLOUR = re.compile(r"\x1b\[[0-9;]*m")


class NotebookFailed(Exception):
    """A notebook's cell raised: the message a user can act on (which notebook, which cell, what error,
    where the whole traceback is), not the coloured traceback."""

    @classmethod
    def of(cls, notebook_path: Path, notebook, error: CellExecutionError, case: Case) -> "NotebookFailed":
        failed = next(
            (cell for cell in notebook.cells if any(o.get("output_type") == "error" for o in cell.get("outputs", []))),
            None,
        )
        source = failed.source if failed is not None else ""
        first_line = next((line for line in source.splitlines() if line.strip()), "")
        traceback = ANSI_COLOUR.sub("", error.traceback)
        log = FAILURE_LOGS / case.root.name / f"{notebook_path.stem}.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text(f"{notebook_path.name}, the cell:\n{source}\n\n{traceback}\n", encoding="utf-8")
        last_line = next((line for line in reversed(traceback.splitlines()) if line.strip()), f"{error.ename}")
        return cls(
            f"build: {notebook_path.name} failed for the case {case.root}, in the cell that starts "
            f"“{first_line.strip()}”:\n  {last_line.strip()}\n  the whole traceback: {log}"
        )


def declared(notebook_path: Path, heading: str) -> set[str]:
    """The case paths a notebook's opening cell lists after heading ("Reads" or "Writes"), braces expanded."""
    opening = nbformat.read(notebook_path, as_version=4).cells[0].source
    paragraph = next((p for p in opening.split("\n\n") if p.startswith(f"**{heading}")), "")
    paths = set()
    for path in re.findall(r"`((?:data|figures|briefing)/[^`]*)`", paragraph):
        head, braces, tail = re.fullmatch(r"([^{]*)(?:\{([^}]*)\})?(.*)", path).groups()
        paths |= {head + part + tail for part in braces.split(",")} if braces else {path}
    return paths


def overlaps(reads: set[str], writes: set[str]) -> bool:
    """Whether any path read is written: the same path, or a folder ("x/") holding it."""
    return any(
        r == w or (r.endswith("/") and w.startswith(r)) or (w.endswith("/") and r.startswith(w))
        for r in reads
        for w in writes
    )


def dependencies(notebooks: list[Path]) -> dict[Path, set[Path]]:
    """For each notebook, the earlier notebooks that write what it reads (declared in their opening cells).
    Two notebooks that declare the same output are refused: which one wins would depend on timing."""
    writes = {path: declared(path, "Writes") for path in notebooks}
    reads = {path: declared(path, "Reads") for path in notebooks}
    for i, a in enumerate(notebooks):
        for b in notebooks[i + 1 :]:
            if overlaps(writes[a], writes[b]):
                raise SystemExit(
                    f"build: {a.name} and {b.name} both declare writing "
                    f"{sorted(writes[a] & writes[b]) or 'the same folder'}"
                )
    return {b: {a for a in notebooks[:i] if overlaps(reads[b], writes[a])} for i, b in enumerate(notebooks)}


def run_all(notebooks: list[Path], case: Case, workers: int) -> float:
    """Run the notebooks, up to workers at a time, each once the notebooks it depends on are done,
    those at the head of the most work first; print one line per notebook as it finishes. Returns the
    notebooks' total time."""
    plan = dependencies(notebooks)
    waiting = {path: plan[path] for path in most_work_first(plan, seconds_last_run())}
    running, done, took = {}, set(), {}
    with ThreadPoolExecutor(max_workers=workers) as pool:
        while waiting or running:
            for path in [p for p in waiting if waiting[p] <= done][: workers - len(running)]:
                running[pool.submit(run, path, case)] = path
                del waiting[path]
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in sorted(finished, key=lambda f: running[f].name):
                path = running.pop(future)
                took[path.name] = future.result()  # a notebook that fails stops the build with its error
                done.add(path)
                print(f"build: {case.relative(case.notebooks / path.name)}  {took[path.name]:5.1f} s", flush=True)
    remember_seconds(took)
    return sum(took.values())


# How long each notebook took when it last ran here: the kit's scratch folder build/, not committed.
SECONDS_LAST_RUN = SCRATCH / "notebook-seconds.json"


def most_work_first(plan: dict[Path, set[Path]], seconds: dict[str, float]) -> list[Path]:
    """The notebooks ordered by the work that waits on each, most first: its own seconds (1 when not
    known) and those of the longest chain of notebooks waiting for it. Started in this order, the
    build does not end with one long notebook running alone."""
    chain = {}
    for path in reversed(list(plan)):  # a notebook waits only for earlier ones
        chain[path] = seconds.get(path.name, 1.0) + max(
            (chain[later] for later in plan if path in plan[later]), default=0.0
        )
    return sorted(plan, key=lambda path: -chain[path])


def seconds_last_run() -> dict[str, float]:
    try:
        return json.loads(SECONDS_LAST_RUN.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # never run here, or a file cut short: only the order of the notebooks changes
        return {}


def remember_seconds(took: dict[str, float]) -> None:
    SECONDS_LAST_RUN.parent.mkdir(exist_ok=True)
    scratch = SECONDS_LAST_RUN.with_name(
        f"{SECONDS_LAST_RUN.name}.{os.getpid()}"
    )  # two builds at once: one of them wins whole
    scratch.write_text(
        json.dumps(seconds_last_run() | {name: round(s, 2) for name, s in took.items()}, indent=1, sort_keys=True)
        + "\n",
        encoding="utf-8",
    )
    os.replace(scratch, SECONDS_LAST_RUN)


def write_placeholders(case: Case) -> list[Path]:
    """For a case with no facts yet: every figure, the briefing and the explorer, saying so."""
    import matplotlib

    matplotlib.use("Agg")
    from briefkit import load_tables
    from briefkit.drawing.figures import no_facts_figure, save_figure
    from briefkit.publishing.briefing import page
    from briefkit.publishing.explorer import explorer_page

    tables = load_tables(case)
    written = []
    for name in tables.codebook.vocabularies["figure"]:
        written += save_figure(no_facts_figure(tables, name), name, pd.DataFrame(), case.figures)
    case.briefing.mkdir(parents=True, exist_ok=True)
    html = page(
        tables.case["title"],
        "No facts yet.",
        [{"heading": "Key findings", "findings": [NO_FACTS]}],
        "Built by briefkit from the data package.",
    )
    (case.briefing / "briefing.html").write_text(html, encoding="utf-8")
    # the explorer with the reports' text and no highlights yet (notebook 10 writes it once there are facts)
    explorer = explorer_page(tables, pd.DataFrame(columns=["claim_id", "topic", "verdict"]), case.figures)
    (case.briefing / "explorer.html").write_text(explorer, encoding="utf-8")
    return written + [case.briefing / "briefing.html", case.briefing / "explorer.html"]


NO_FACTS = "No facts yet: code a report into data/facts.csv (see the case's README.md), then build again."


def main(arguments: list[str]) -> int:
    if len(arguments) > 1:
        print("usage: ./kit build [CASE_DIR]", file=sys.stderr)
        return 2
    case = Case(arguments[0]) if arguments else Case(KIT)
    if not is_case(case.root):
        print(
            f"build: {arguments[0]} is not a case: it has no data/case.toml (./kit new-case DIR writes one)",
            file=sys.stderr,
        )
        return 2
    notebooks = kit_notebooks()
    if not notebooks:
        print("build: no notebooks found in the kit's notebooks/", file=sys.stderr)
        return 1
    from briefkit import DataError, load_tables
    from briefkit.contract.datapackage import write_datapackage
    from briefkit.contract.load import data_digest
    from briefkit.contract.upgrade import behind

    os.environ.pop(CHECKED_VARIABLE, None)  # this load is the check
    try:
        tables = load_tables(case)  # the data is checked once, before any kernel starts
    except DataError as error:
        print(f"build: the data of the case {case.root} has problems; nothing was built.\n{error}", file=sys.stderr)
        return 1
    write_datapackage(tables.codebook, case.data, tables.case["title"])
    lacking = behind(case.data)
    if lacking:
        print(
            f"build: the case's contract predates the kit's ({len(lacking)} differences: {'; '.join(lacking[:3])}"
            f"{'; ...' if len(lacking) > 3 else ''}). It builds as it is; ./kit upgrade{case.in_command} brings it "
            "up to date, keeping every row the case added",
            flush=True,
        )
    # the kernels inherit these; the caller's environment is left as it was
    with case_variable(case, checked=data_digest(case.data)):
        try:
            return build(case, notebooks, tables)
        except NotebookFailed as failure:
            print(failure, file=sys.stderr)
            return 1


@contextmanager
def case_variable(case: Case, day: str | None = None, checked: str | None = None):
    """Name the case, the day it is seen as of and the digest of the data the build checked to the
    kernels started inside; restore the caller's environment after."""
    values = {CASE_VARIABLE: str(case.root), AS_OF_VARIABLE: day, CHECKED_VARIABLE: checked}
    before = {name: os.environ.get(name) for name in values}
    for name, value in values.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def build(case: Case, notebooks: list[Path], tables) -> int:
    if tables.facts.empty:
        for path in notebooks:  # copied unexecuted, to run once there are facts
            case.notebooks.mkdir(parents=True, exist_ok=True)
            if not case.is_default:
                shutil.copyfile(path, case.notebooks / path.name)
        written = write_placeholders(case)
        figures = sum(path.suffix == ".png" for path in written)
        print(
            f"build: {case.relative(case.data / 'facts.csv')} has no "
            f"facts yet: wrote {figures} figures and the briefing "
            "saying so; the notebooks run once a report is coded"
        )
        return 0
    # One more than the cores: a notebook spends part of its time waiting for its kernel to start and
    # stop, which another notebook can use (on 2 cores, 3 at a time build in 15 s, 2 at a time in 17 s).
    workers = (os.cpu_count() or 1) + 1
    started = time.perf_counter()
    total = run_all(notebooks, case, workers)
    print(
        f"build: {len(notebooks)} notebooks in {time.perf_counter() - started:.1f} s ({total:.1f} s of notebook time, "
        f"up to {workers} at a time); outputs in {case.relative(case.figures)}/, {case.relative(case.derived)}/, "
        f"{case.relative(case.briefing)}/"
    )
    write_day_briefings(case, notebooks, tables)
    return 0


def write_day_briefings(case: Case, notebooks: list[Path], tables) -> None:
    """A briefing for every report day, briefing/YYYY-MM-DD.html, each built only from the reports
    published up to that day: the newest is the briefing just built; an earlier day is built from the
    case seen as of that day (build_days), unless briefing/days.json shows that nothing it rests on
    (data up to that day, the kit's code and notebooks, the lock) has changed."""
    from briefkit.analysis.days import report_days
    from briefkit.contract.tables import tables_up_to

    stamps_path = case.briefing / DAY_STAMPS
    stamps = json.loads(stamps_path.read_text(encoding="utf-8")) if stamps_path.exists() else {}
    code = kit_digest(notebooks)
    days = report_days(tables)
    kept, stale = {}, []
    for day in days:
        page = case.briefing / f"{day:%Y-%m-%d}.html"
        digest = day_digest(tables_up_to(tables, day), code)
        if day == days[-1]:
            shutil.copyfile(case.briefing / "briefing.html", page)
        elif stamps.get(page.name) != digest or not page.exists():
            stale.append((f"{day:%Y-%m-%d}", str(page)))
        kept[page.name] = digest
    if stale:
        started = time.perf_counter()
        processes = build_days(case, writers_of(notebooks, BRIEFING), stale, os.cpu_count() or 1)
        print(
            f"build: {len(stale)} earlier day briefing(s), {case.relative(case.briefing)}/YYYY-MM-DD.html (the case as "
            f"of each day), in {time.perf_counter() - started:.1f} s ({processes} at a time)",
            flush=True,
        )
    for name in set(stamps) - set(kept):  # a day no report is from any more
        (case.briefing / name).unlink(missing_ok=True)
    stamps_path.write_text(json.dumps(kept, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def build_days(case: Case, notebooks: list[Path], pages: list[tuple[str, str]], cores: int) -> int:
    """Write the briefing of each (day, page): the code cells of the briefing's notebook and of those it
    reads from, run in order on a scratch copy of the case's data seen as of the day. No kernel is
    started per notebook or per day: a few worker processes (one per core, at most one per page)
    import the kit once and take the days in turn, the newest (largest) first. Returns how many."""
    import multiprocessing

    processes = max(1, min(cores, len(pages)))
    newest_first = sorted(pages, reverse=True)
    shares = [newest_first[i::processes] for i in range(processes)]
    checked = os.environ.get(CHECKED_VARIABLE)
    paths = [str(path) for path in notebooks]
    # spawn: a worker starts clean, as a kernel would, not with a copy of this process's threads and state
    with ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("spawn")) as pool:
        for future in [pool.submit(build_days_here, str(case.root), paths, share, checked) for share in shares]:
            future.result()  # a cell that fails stops the build with its error
    return processes


def build_days_here(root: str, notebook_paths: list[str], pages: list[tuple[str, str]], checked: str | None) -> None:
    """In this process: each page's day briefing, by the notebooks' code cells run as one script each."""
    import matplotlib

    matplotlib.use("Agg")  # what a kernel's inline backend draws with; nothing is shown here
    import matplotlib.pyplot as plt

    from briefkit.drawing.figures import pngs_only

    case = Case(root)
    scripts = []
    for path in map(Path, notebook_paths):
        notebook = nbformat.read(path, as_version=4)
        cells = [cell.source for cell in notebook.cells if cell.cell_type == "code"]
        scripts.append(
            (path, [(source, compile(source, f"{path.name}, cell {i + 1}", "exec")) for i, source in enumerate(cells)])
        )
    for day, page in pages:
        with tempfile.TemporaryDirectory(prefix="briefkit-day-") as scratch:
            then = Case(Path(scratch) / "case")
            shutil.copytree(case.data, then.data, ignore=shutil.ignore_patterns("derived"))
            then.notebooks.mkdir(parents=True)
            with (
                pngs_only(),
                case_variable(then, day, checked=checked),
                contextlib.chdir(then.notebooks),  # a kernel's working directory
                contextlib.redirect_stdout(io.StringIO()),
            ):
                for path, cells in scripts:
                    namespace = {"__name__": "__main__"}
                    for source, code in cells:
                        try:
                            exec(code, namespace)
                        except Exception as error:
                            raise NotebookFailed(day_failure(path, source, error, day, case)) from None
                    plt.close("all")
            shutil.copyfile(then.briefing / "briefing.html", page)


def day_failure(notebook_path: Path, source: str, error: Exception, day: str, case: Case) -> str:
    """What a user can act on when a notebook's cell fails for a day's briefing, and where the traceback is."""
    import traceback

    first_line = next((line for line in source.splitlines() if line.strip()), "")
    log = FAILURE_LOGS / case.root.name / f"{notebook_path.stem}-{day}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text(f"{notebook_path.name}, the cell:\n{source}\n\n{traceback.format_exc()}\n", encoding="utf-8")
    return (
        f"build: {notebook_path.name} failed for the case {case.root} as of {day}, in the cell that starts "
        f"“{first_line.strip()}”:\n  {type(error).__name__}: {error}\n  the whole traceback: {log}"
    )


def writers_of(notebooks: list[Path], output: str) -> list[Path]:
    """The notebook that writes output and every notebook it reads from, directly or not, in order."""
    plan = dependencies(notebooks)
    needed = {path for path in notebooks if output in declared(path, "Writes")}
    while missing := set().union(*(plan[path] for path in needed)) - needed:
        needed |= missing
    return [path for path in notebooks if path in needed]


def kit_digest(notebooks: list[Path]) -> str:
    """What a briefing's bytes depend on besides the data: the package's code, the notebooks' cells, the lock."""
    digest = hashlib.sha256()
    package = Path(__file__).parents[1]  # the whole package, not only the commands
    for path in sorted(p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(package).as_posix().encode() + path.read_bytes())
    for path in notebooks:
        digest.update("".join(cell.source for cell in nbformat.read(path, as_version=4).cells).encode())
    digest.update((KIT / "requirements.lock").read_bytes())
    return digest.hexdigest()


def day_digest(tables, code: str) -> str:
    """The data a day's briefing rests on (the case as of that day), with the kit's digest."""
    from briefkit.contract.codebook import TABLES

    digest = hashlib.sha256(code.encode())
    for name in TABLES:
        digest.update(getattr(tables, name).to_csv(index=False).encode())
    for source_id in sorted(tables.texts):
        digest.update(tables.texts[source_id].encode())
    digest.update(json.dumps(tables.case, sort_keys=True, default=str).encode())
    return digest.hexdigest()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
