"""Sphinx configuration for sklearn_notes.

Build (warnings are errors, as in CI)::

    python -m sphinx -W --keep-going -b html docs docs/_build/html

The build needs no network and no generated file in the repository:
autosummary writes the API pages into ``docs/generated/``, this file writes
the benchmark table there (both paths are git-ignored), and matplotlib's plot
directive draws the user guide's figures from the scripts in
``docs/user_guide/plots/`` into the build directory.
"""

import json
import re
import shutil
import sys
from pathlib import Path

DOCS_DIR = Path(__file__).resolve().parent
REPO_DIR = DOCS_DIR.parent
GENERATED_DIR = DOCS_DIR / "generated"
RESULTS_DIR = REPO_DIR / "benchmarks" / "results"

# The package is normally installed (``pip install -e ".[docs]"``); the path
# entry only helps a build run straight from a clone without installing.
sys.path.insert(0, str(REPO_DIR))

import sklearn_notes  # noqa: E402

# -- Project information -----------------------------------------------------

project = "sklearn_notes"
author = "sklearn_notes developers"
copyright = "sklearn_notes developers, BSD-3-Clause"
release = sklearn_notes.__version__
version = ".".join(release.split(".")[:2])

# -- General configuration ---------------------------------------------------

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "sphinx.ext.viewcode",
    "numpydoc",
    "matplotlib.sphinxext.plot_directive",
]
# No sphinx.ext.intersphinx: it downloads inventories at build time and CI has
# no network.  Cross-references to numpy/scikit-learn stay plain text.

templates_path = ["_templates"]
exclude_patterns = ["_build", "generated/*.inc", "Thumbs.db", ".DS_Store"]
root_doc = "index"
source_suffix = {".rst": "restructuredtext"}
# As in scikit-learn's docs: `x` in a docstring means code, not a citation.
default_role = "literal"

# -- autosummary / autodoc ---------------------------------------------------

autosummary_generate = True
autosummary_imported_members = False
autodoc_default_options = {"member-order": "bysource"}
autodoc_typehints = "none"

# -- numpydoc ----------------------------------------------------------------

# The class template lists the methods itself; numpydoc's own member table
# would document every method a second time.
numpydoc_show_class_members = False
numpydoc_show_inherited_class_members = False
numpydoc_class_members_toctree = False
numpydoc_attributes_as_param_list = True
# Docstring validation is not part of the docs build: a style nit in one
# estimator must not break every other page.
numpydoc_validation_checks = set()

# -- matplotlib plot directive ------------------------------------------------

# ``.. plot:: user_guide/plots/<script>.py`` runs the script at build time
# (Agg backend, no display) and embeds the figure: no image is stored in the
# repository.  Paths are relative to this directory.
plot_formats = [("png", 110)]
plot_include_source = False
plot_html_show_source_link = True
plot_html_show_formats = False
plot_rcparams = {"figure.dpi": 110}

# -- HTML output -------------------------------------------------------------

html_theme = "alabaster"
html_title = f"sklearn_notes {release}"
html_static_path = []
html_theme_options = {
    "description": "The study notes' algorithms as scikit-learn estimators "
    "with Numba kernels.",
    "fixed_sidebar": True,
    "page_width": "1100px",
    "sidebar_width": "240px",
}
html_sidebars = {"**": ["about.html", "navigation.html", "searchbox.html"]}

# -- Docstrings inherited from scikit-learn ------------------------------------

# scikit-learn's docstrings (``score``, ``set_output``, ``set_fit_request``...,
# inherited by our estimators) point into scikit-learn's own user guide and
# glossary with :ref:/:term:/:doc:.  Those labels do not exist here, and an
# unknown label is a warning, so such roles are rendered as text: a glossary
# term (``fit``, ``classes_``) as code, a link's title as escaped plain text.
_FOREIGN_ROLE = re.compile(
    r":(ref|term|doc):`(?:([^`<]*?)\s*<([^`>]*)>|([^`]*))`"
)


def _plain_text_role(match):
    role, title, target, bare = match.groups()
    text = (bare if bare is not None else (title or target)).strip()
    text = " ".join(text.split())  # a title wrapped over two lines
    if role == "term":
        # Inline markup must be set off by spaces or punctuation ("\\ " is an
        # escaped, invisible space): ":term:`estimator`s" -> "``estimator``\\ s".
        before = match.string[match.start() - 1: match.start()]
        after = match.string[match.end(): match.end() + 1]
        return ("\\ " if before.isalnum() else "") + f"``{text}``" + (
            "\\ " if after.isalnum() else "")
    return re.sub(r"([\\*_`|])", r"\\\1", text)


def _strip_foreign_roles(app, what, name, obj, options, lines):
    text = "\n".join(lines)
    if not re.search(r":(?:ref|term|doc):`", text):
        return
    if name.startswith("sklearn_notes") and _defined_here(obj):
        _ROLES_IN_OUR_DOCSTRINGS.add(name)
    # Joined, so that a role whose text wraps onto the next line is found too.
    lines[:] = _FOREIGN_ROLE.sub(_plain_text_role, text).split("\n")


_ROLES_IN_OUR_DOCSTRINGS = set()


def _defined_here(obj):
    """Whether ``obj`` was written in sklearn_notes (not inherited)."""
    module = getattr(obj, "__module__", "") or ""
    return module.startswith("sklearn_notes")


def _report_roles(app, exception):
    if exception is None and _ROLES_IN_OUR_DOCSTRINGS:
        from sphinx.util import logging

        logging.getLogger(__name__).info(
            "sklearn_notes docstrings using :ref:/:term:/:doc: (rendered as "
            "plain text): %s",
            ", ".join(sorted(_ROLES_IN_OUR_DOCSTRINGS)),
        )


# -- Benchmark tables, generated when results exist ------------------------------

BENCHMARK_INCLUDE = GENERATED_DIR / "benchmark_results.inc"

# Columns of the two tables drawn from the ``rows`` of ``results.json`` (as
# written by ``benchmarks/run.py``); columns missing from a run are skipped.
SPEED_COLUMNS = [
    ("estimator", "estimator"), ("operation", "operation"),
    ("reference", "scikit-learn reference"), ("ours_cpu_s", "ours CPU s"),
    ("sklearn_cpu_s", "sklearn CPU s"), ("ratio", "ratio (CPU)"),
    ("ours_first_call_s", "ours first call s"),
]
QUALITY_COLUMNS = [
    ("estimator", "estimator"), ("operation", "operation"),
    ("reference", "scikit-learn reference"), ("quality_name", "quality (held-out)"),
    ("quality_ours", "ours"), ("quality_sklearn", "sklearn"),
    ("agreement", "agreement"), ("target_ratio", "target ratio"),
    ("target_met", "target met"),
]


def _rst_escape(text):
    """Escape a table cell so that ``*``, ``_``, ``|`` and backquotes in it
    are shown literally instead of starting reST markup."""
    return re.sub(r"([\\*_`|])", r"\\\1", str(text).strip())


def _list_table(header, rows, title=None):
    lines = [f".. list-table:: {_rst_escape(title)}" if title else ".. list-table::"]
    lines += ["   :header-rows: 1", ""]
    for row in [header, *rows]:
        cells = list(row) + [""] * (len(header) - len(row))
        for position, cell in enumerate(cells[: len(header)]):
            bullet = "   * -" if position == 0 else "     -"
            escaped = _rst_escape(cell)
            lines.append(f"{bullet} {escaped}" if escaped else bullet)
    return lines + [""]


def _format_cell(key, value):
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, bool):
        return "yes" if value else "NO"
    if key == "ratio" and isinstance(value, (int, float)):
        return f"{value:.2f}×" if value >= 0.1 else f"{value:.2g}×"
    if key == "target_ratio" and isinstance(value, (int, float)):
        return f"≤ {value:g}×"
    if isinstance(value, float) and key.endswith("_s"):
        return f"{value:.3g}"
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True, default=str)
    return str(value)


def _table_from_rows(rows, columns, title):
    present = [(key, name) for key, name in columns
               if any(key in row for row in rows)]
    if not present:  # another format: show every scalar field
        keys = dict.fromkeys(key for row in rows for key, value in row.items()
                             if not isinstance(value, (dict, list)))
        present = [(key, key) for key in keys]
    body = [[_format_cell(key, row.get(key)) for key, _ in present] for row in rows]
    return _list_table([name for _, name in present], body, title)


def _results_from_json(path):
    run = json.loads(path.read_text(encoding="utf-8"))
    rows = run.get("rows") if isinstance(run, dict) else run
    rows = [row for row in rows or [] if isinstance(row, dict)]
    lines = []
    meta = run.get("meta", {}) if isinstance(run, dict) else {}
    machine = run.get("machine", {}) if isinstance(run, dict) else {}
    if meta:
        facts = [f"run {meta['started_utc']} UTC" if "started_utc" in meta else "",
                 f"command ``{meta['command']}``" if "command" in meta else "",
                 f"{meta['repeats']} repeats" if "repeats" in meta else ""]
        if meta.get("quick"):
            facts.append("**quick run** (small slices: fixed overheads dominate "
                         "the ratios)")
        if meta.get("stand_in"):
            facts.append("**stand-in run** (scikit-learn's own class timed in "
                         "ours' slot, an A/A check of the harness)")
        sentence = "; ".join(fact for fact in facts if fact)
        lines += [sentence[:1].upper() + sentence[1:] + ".", ""]
    if isinstance(machine, dict) and machine:
        gemm, memory = machine.get("gemm_gflops"), machine.get("memory_read_gbs")
        facts = [("CPU", machine.get("cpu_model")),
                 ("float64 GEMM, one thread",
                  None if gemm is None else f"{_format_cell('', gemm)} GFLOP/s"),
                 ("memory read, one thread",
                  None if memory is None else f"{_format_cell('', memory)} GB/s")]
        versions = machine.get("versions")
        if isinstance(versions, dict):
            facts += list(versions.items())
        body = [[name, _format_cell(name, value)] for name, value in facts
                if value is not None]
        if body:
            lines += _list_table(["machine", "value"], body)
    if rows and all("estimator" in row and "data" in row for row in rows):
        datasets = dict.fromkeys((row["estimator"], row["data"]) for row in rows)
        lines += _list_table(["estimator", "data (training set; test set)"],
                             [list(pair) for pair in datasets], "Data")
    if rows:
        lines += _table_from_rows(rows, SPEED_COLUMNS, "Speed (medians, one thread)")
        lines += _table_from_rows(rows, QUALITY_COLUMNS, "Quality and targets")
    errors = [case for case in run.get("cases", []) if isinstance(case, dict)
              and case.get("error")] if isinstance(run, dict) else []
    for case in errors:
        lines += [f"* Failed: {_rst_escape(case.get('case', '?'))}: "
                  f"{_rst_escape(case['error'].splitlines()[-1])}", ""]
    return lines if rows or errors else []


PEERS_FILE = REPO_DIR / "benchmarks" / "peers.json"


def _peer_comparison(results_path):
    """Our ratio beside the best peer's for each anchor of ``peers.json``:
    a table, and a bar chart drawn into ``generated/benchmark_peers.png``."""
    if results_path is None or not PEERS_FILE.is_file():
        return []
    peers = json.loads(PEERS_FILE.read_text(encoding="utf-8"))["peers"]
    rows = json.loads(results_path.read_text(encoding="utf-8")).get("rows", [])
    ours = {(row.get("estimator"), row.get("operation"), row.get("reference")):
            row.get("ratio") for row in rows if isinstance(row, dict)}
    table, bars = [], []
    for anchor in peers:
        key = (anchor["estimator"], anchor["operation"], anchor["reference"])
        ratio = ours.get(key)
        # Within 5 % is a tie: the ratios themselves vary that much by run.
        verdict = ("" if ratio is None else
                   "faster" if ratio < 0.95 * anchor["peer_ratio"] else
                   "slower" if ratio > 1.05 * anchor["peer_ratio"] else "on par")
        table.append([anchor["estimator"], anchor["operation"],
                      _format_cell("ratio", ratio) or "not in this run",
                      anchor["peer"], _format_cell("ratio", anchor["peer_ratio"]),
                      verdict])
        if ratio is not None:
            bars.append((f"{anchor['estimator']} {anchor['operation']}", ratio,
                         anchor["peer_ratio"]))
    lines = ["Against the peers", "-----------------", "",
             "The best other implementation we know of for each family, timed "
             "by the same method on this stack (``benchmarks/peers.json``), "
             "beside our ratio from the table above.  Both are CPU time "
             "relative to scikit-learn's: below 1 is faster than scikit-learn, "
             "and ours below the peer's is faster than the peer.", ""]
    lines += _list_table(["estimator", "operation", "ours / sklearn",
                          "best peer", "peer / sklearn", "ours vs peer"],
                         table, "Ours and the best peer, relative to scikit-learn")
    if bars:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        import numpy as np

        fig, ax = plt.subplots(figsize=(8, 0.45 * len(bars) + 1.2),
                               layout="constrained")
        positions = np.arange(len(bars))
        ax.barh(positions - 0.2, [b[1] for b in bars], height=0.4,
                label="sklearn_notes", color="#1f77b4")
        ax.barh(positions + 0.2, [b[2] for b in bars], height=0.4,
                label="best peer", color="#ff7f0e")
        ax.axvline(1.0, color="k", lw=1, label="scikit-learn (= 1)")
        ax.set(xscale="log", yticks=positions, yticklabels=[b[0] for b in bars],
               xlabel="CPU time / scikit-learn's (log scale; left is faster)")
        ax.invert_yaxis()
        fig.legend(loc="outside upper center", ncols=3, fontsize=8)
        fig.savefig(GENERATED_DIR / "benchmark_peers.png", dpi=110)
        plt.close(fig)
        lines += [".. figure:: /generated/benchmark_peers.png", "   :width: 90%", "",
                  "   Ours (blue) and the best peer (orange) against scikit-learn "
                  "(black line), per anchor.", ""]
    return lines


def write_benchmark_include():
    """Write ``generated/benchmark_results.inc``, included by ``benchmarks.rst``.

    Reads ``benchmarks/results/results.json`` (the full suite) or, failing
    that, ``benchmarks/results/quick/results.json``, and shows the plot saved
    beside it.  Never fails: without results the page says how to make them.
    """
    GENERATED_DIR.mkdir(exist_ok=True)
    lines, source = [], None
    for folder in (RESULTS_DIR, RESULTS_DIR / "quick"):
        path = folder / "results.json"
        if not path.is_file():
            continue
        relative = path.relative_to(REPO_DIR).as_posix()
        try:
            lines = _results_from_json(path)
        except (OSError, ValueError, TypeError, AttributeError, KeyError) as exc:
            lines = [f"(``{relative}`` could not be read: {_rst_escape(exc)}.)", ""]
        if lines:
            source = path
            lines = [f"Read from ``{relative}`` when this page was built.", "",
                     *lines]
            plot = folder / "results.png"
            if plot.is_file():
                name = "benchmark_" + "_".join(plot.relative_to(RESULTS_DIR).parts)
                shutil.copyfile(plot, GENERATED_DIR / name)
                lines += [f".. figure:: /generated/{name}", "   :width: 100%", "",
                          "   CPU-time ratio ours / scikit-learn per row (log "
                          "scale; below 1 is faster).", ""]
            break
    if not lines:
        lines = ["No benchmark results are stored in this checkout.  Run "
                 "``python benchmarks/run.py`` (or ``--quick``): it writes "
                 "``results.md``, ``results.json`` and ``results.png`` under "
                 "``benchmarks/results/``, and the next documentation build "
                 "shows them here.", ""]
    lines += _peer_comparison(source)
    content = "\n".join(lines) + "\n"
    # Rewriting an unchanged file would make Sphinx re-read benchmarks.rst.
    if not BENCHMARK_INCLUDE.is_file() or BENCHMARK_INCLUDE.read_text(
            encoding="utf-8") != content:
        BENCHMARK_INCLUDE.write_text(content, encoding="utf-8")


write_benchmark_include()


def setup(app):
    app.connect("autodoc-process-docstring", _strip_foreign_roles)
    app.connect("build-finished", _report_roles)
