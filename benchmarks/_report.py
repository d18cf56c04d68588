"""Writing a run's results: results.md, results.json, results.png, machine.md."""

import json
import math
import sys

COLUMNS = [
    ("family", "family"),
    ("estimator", "estimator"),
    ("data", "data"),
    ("operation", "operation"),
    ("reference", "sklearn reference"),
    ("ours_cpu_s", "ours CPU s"),
    ("sklearn_cpu_s", "sklearn CPU s"),
    ("ratio", "ratio (CPU)"),
    ("ours_wall_s", "ours wall s"),
    ("sklearn_wall_s", "sklearn wall s"),
    ("ours_first_call_s", "ours first call s"),
    ("ours_throughput", "ours throughput"),
    ("quality_name", "quality (held-out)"),
    ("quality_ours", "quality ours"),
    ("quality_sklearn", "quality sklearn"),
    ("agreement", "agreement"),
    ("target", "target"),
    ("met", "met"),
]


def _seconds(value):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:.3g}"


def _cell(row, key):
    if key == "ours_throughput" and key not in row:  # rows of an older harness
        return f"{row['ours_input_gbs']:.2g} GB/s"
    if key in ("ours_cpu_s", "sklearn_cpu_s", "ours_wall_s", "sklearn_wall_s",
               "ours_first_call_s"):
        return _seconds(row[key])
    if key == "ratio":
        return f"**{row['ratio']:.2f}×**"
    if key in ("quality_ours", "quality_sklearn"):
        return f"{row[key]:.4f}"
    if key == "reference":
        return row["reference"] + (" (fastest)" if row["reference_is_fastest"] else "")
    if key == "target":
        return "" if row["target_ratio"] is None else f"≤ {row['target_ratio']:g}×"
    if key == "met":
        return {None: "", True: "yes", False: "**no**"}[row["target_met"]]
    return str(row[key])


def markdown_table(rows):
    lines = ["| " + " | ".join(title for _, title in COLUMNS) + " |",
             "|" + "---|" * len(COLUMNS)]
    for row in rows:
        cells = (_cell(row, key).replace("|", "\\|") for key, _ in COLUMNS)
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


#: The peak-memory table (rows of the cases with ``memory=True`` only).
MEMORY_COLUMNS = [
    ("family", "family"),
    ("estimator", "estimator"),
    ("data", "data"),
    ("operation", "operation"),
    ("reference", "sklearn reference"),
    ("ours_cpu_s", "ours CPU s"),
    ("sklearn_cpu_s", "sklearn CPU s"),
    ("ratio", "ratio (CPU)"),
    ("ours_peak_rss_mib", "ours peak RSS MiB"),
    ("sklearn_peak_rss_mib", "sklearn peak RSS MiB"),
    ("ours_extra_rss_mib", "ours extra MiB"),
    ("sklearn_extra_rss_mib", "sklearn extra MiB"),
    ("memory_ratio", "extra ours / sklearn"),
]


def _mib(value):
    return "–" if value is None else f"{value:,.0f}"


def _memory_cell(row, key):
    if key in ("ours_peak_rss_mib", "sklearn_peak_rss_mib", "ours_extra_rss_mib",
               "sklearn_extra_rss_mib"):
        return _mib(row.get(key))
    if key == "memory_ratio":
        ours, theirs = row.get("ours_extra_rss_mib"), row.get("sklearn_extra_rss_mib")
        if ours is None or theirs is None or theirs <= 0:
            return "–"
        return f"{ours / theirs:.2f}×"
    return _cell(row, key)


def memory_rows(rows):
    """The rows with a peak-memory measure (older harnesses have none)."""
    return [row for row in rows if row.get("ours_peak_rss_mib") is not None
            or row.get("sklearn_peak_rss_mib") is not None]


def memory_table(rows):
    lines = ["| " + " | ".join(title for _, title in MEMORY_COLUMNS) + " |",
             "|" + "---|" * len(MEMORY_COLUMNS)]
    for row in rows:
        cells = (_memory_cell(row, key).replace("|", "\\|")
                 for key, _ in MEMORY_COLUMNS)
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def short_summary(rows):
    """A narrow table for the terminal."""
    header = f"{'estimator':<34} {'operation':<12} {'reference':<34} " \
             f"{'ours s':>8} {'sklearn s':>9} {'ratio':>7} {'target':>7}  met"
    lines = [header, "-" * len(header)]
    for row in rows:
        target = "" if row["target_ratio"] is None else f"{row['target_ratio']:g}"
        met = {None: "", True: "yes", False: "NO"}[row["target_met"]]
        lines.append(
            f"{row['estimator']:<34} {row['operation']:<12} {row['reference']:<34} "
            f"{row['ours_cpu_s']:>8.3f} {row['sklearn_cpu_s']:>9.3f} "
            f"{row['ratio']:>6.2f}× {target:>7}  {met}")
    measured = memory_rows(rows)
    if measured:
        lines += ["", f"{'peak RSS (MiB): estimator':<34} {'operation':<12} "
                  f"{'ours peak':>10} {'sklearn peak':>12} {'ours extra':>10} "
                  f"{'sklearn extra':>13}"]
        for row in measured:
            lines.append(
                f"{row['estimator']:<34} {row['operation']:<12} "
                f"{_mib(row['ours_peak_rss_mib']):>10} "
                f"{_mib(row['sklearn_peak_rss_mib']):>12} "
                f"{_mib(row['ours_extra_rss_mib']):>10} "
                f"{_mib(row['sklearn_extra_rss_mib']):>13}")
    return "\n".join(lines)


def write_results_md(path, run, rows, errors):
    meta = run["meta"]
    machine = run["machine"]
    lines = [
        "# sklearn_notes vs scikit-learn" + (" (quick run)" if meta["quick"] else ""),
        "",
        ("Last run" if len(meta.get("runs", [])) > 1 else "Run")
        + f" {meta['started_utc']} UTC, `{meta['command']}`, "
        f"{meta['repeats']} repeats, total {meta['total_wall_s']:.0f} s wall.",
        f"Machine: {machine['cpu_model']}, one thread "
        f"(BLAS: {_blas_summary(machine)}); details in `machine.md`.",
        "",
        "How to read it: CPU and wall seconds are medians of the repeats, ours and "
        "scikit-learn's alternating on the same arrays in one process; **ratio = "
        "ours / sklearn on CPU time** (below 1 = ours is faster). `predict`, "
        "`transform` act on the held-out test set (n/5 rows); `fit` on the "
        "training rows. Quality is measured on the held-out split. A target "
        "against *fastest* is checked on the row of the fastest reference "
        "solver of this run.",
        "",
        "*Throughput*: ours' rate, to compare with the machine's ceiling in "
        "`machine.md`: GB/s is the bytes of the arrays the operation reads once "
        "(X for fit, X_test for predict/transform) per CPU second, against the "
        "memory-read rate; GFLOP/s (k-means) is the multiply-adds of the "
        "distance computations, against the GEMM rate.",
        "",
        "*First call*: the wall time of ours' first call(s) of the operation on "
        "a 1000-row slice, "
        + ("in this process's warm-up: the compile cost on a fresh clone, the "
           "cost of loading the kernels from Numba's on-disk cache on later "
           "runs; a kernel shared with an earlier case is already loaded."
           if meta["quick"] else
           "in a new Python process per case with an empty Numba cache (the "
           "import not included): the compile cost. Once the on-disk cache is "
           "filled, later processes only load the kernels.")
        + " The timed calls come after a warm-up and exclude it.",
    ]
    if meta["quick"]:
        lines += ["", "**Quick run**: small slices, so the ratios are dominated by "
                  "fixed overheads; the targets are only indicative here (they are "
                  "set for the full suite)."]
    if meta.get("stand_in"):
        lines += ["", "**Stand-in run** (`--stand-in`): scikit-learn's own class in "
                  "ours' slot — an A/A check of the harness; ratios should be ≈ 1."]
    if len(meta.get("runs", [])) > 1:
        lines += ["", "Rows merged from several runs (`--merge`): "
                  + "; ".join(f"{started} UTC `{command}`"
                              for started, command in meta["runs"]) + "."]
    with_target = [row for row in rows if row["target_met"] is not None]
    met = [row for row in with_target if row["target_met"]]
    if with_target:
        lines += ["", f"**Targets met: {len(met)} of {len(with_target)}.**"
                  + "".join(f" Missed: {r['estimator']} {r['operation']} "
                            f"{r['ratio']:.2f}× (target ≤ {r['target_ratio']:g}×)."
                            for r in with_target if not r["target_met"])]
    lines += ["", markdown_table(rows), ""]
    measured = memory_rows(rows)
    if measured:
        lines += [
            "## Peak memory", "",
            "Each contender's operation once in a fresh process "
            "(`benchmarks/_peak_memory.py`): the data drawn, the model fitted "
            "(unless the operation fits), a warm-up on a small slice, then the "
            "kernel's peak-RSS counter reset and the operation run. *Peak RSS* "
            "is the process's resident set at its highest during the operation "
            "(data and model included); *extra* is that minus the resident set "
            "just before it: the memory the operation itself needed, its result "
            "included. CPU seconds are the medians of the table above.", "",
            memory_table(measured), ""]
    if errors:
        lines += ["## Cases that failed", ""]
        lines += [f"- `{e['case']}`: {e['error']}" for e in errors]
        lines.append("")
    warned = [result for result in run["cases"] if result.get("warnings")]
    if warned:
        lines += ["## Warnings raised during the runs", ""]
        lines += [f"- `{result['case']}`: {w['warning']} (×{w['count']})"
                  for result in warned for w in result["warnings"]]
        lines.append("")
    lines += ["![ratios](results.png)", ""]
    path.write_text("\n".join(lines))


def _blas_summary(machine):
    blas = [p for p in machine["blas"] if p["user_api"] == "blas"]
    if not blas:
        return "none found"
    return ", ".join(f"{p['internal_api']} {p['version']} ({p['num_threads']} thread"
                     f"{'s' if p['num_threads'] != 1 else ''})" for p in blas)


def write_machine_md(path, machine):
    versions = "\n".join(f"| {name} | {version} |"
                         for name, version in machine["versions"].items())
    pools = "\n".join(
        f"| {p['user_api']} | {p['internal_api']} | {p['version']} | "
        f"{p['num_threads']} | {p['architecture']} | {p['filepath']} |"
        for p in machine["blas"])
    thread_vars = ", ".join(f"{k}={v}" for k, v in machine["thread_variables"].items())
    numba = ", ".join(f"{k} = {v}" for k, v in machine["numba"].items())
    text = f"""# Machine

| | |
|---|---|
| CPU | {machine['cpu_model']} |
| logical CPUs | {machine['logical_cpus']} (available to the process: \
{machine['cpus_available_to_process']}) |
| memory | {machine['memory_total_gib']:.1f} GiB |
| platform | {machine['platform']} |
| Python | {machine['python']} |
| thread variables | {thread_vars} |
| Numba | {numba} |

## Ceiling (one thread, numpy, best of repeats, on process CPU time)

| | |
|---|---|
| float64 GEMM ({machine['gemm_size']}×{machine['gemm_size']} @ \
{machine['gemm_size']}×{machine['gemm_size']}) | {machine['gemm_gflops']:.1f} GFLOP/s |
| memory read (`np.sum` over {machine['memory_read_megabytes']} MB float64) | \
{machine['memory_read_gbs']:.1f} GB/s |

## Versions

| package | version |
|---|---|
{versions}

## Native thread pools (threadpoolctl, inside the run's limits)

| user_api | internal_api | version | threads | architecture | library |
|---|---|---|---|---|---|
{pools}
"""
    path.write_text(text)


def write_results_json(path, run):
    path.write_text(json.dumps(run, indent=1, default=str) + "\n")


def write_results_png(path, rows, title):
    """Ratio per row on a log axis, a line at 1.0, each target marked."""
    try:
        import matplotlib
    except ImportError:  # the "bench" extra is not installed: no picture
        print("matplotlib is not installed: results.png not written",
              file=sys.stderr)
        path.unlink(missing_ok=True)
        return
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import matplotlib.ticker
    from matplotlib.lines import Line2D

    if not rows:  # no stale picture from an earlier run
        path.unlink(missing_ok=True)
        return
    labels = [f"{r['estimator']} {r['operation']} vs {r['reference']}"
              + (" (fastest)" if r["reference_is_fastest"] else "") for r in rows]
    positions = list(range(len(rows)))[::-1]  # first row on top
    colours = ["tab:gray" if r["target_met"] is None
               else "tab:green" if r["target_met"] else "tab:red" for r in rows]
    figure, axes = plt.subplots()
    axes.scatter([r["ratio"] for r in rows], positions, c=colours, zorder=3)
    targets = [(r["target_ratio"], y) for r, y in zip(rows, positions)
               if r["target_ratio"] is not None]
    if targets:
        axes.scatter(*zip(*targets), marker="|", s=300, c="black", zorder=2)
    axes.axvline(1.0, color="black", linewidth=0.8, linestyle="--")
    axes.set_xscale("log")
    ratios = [r["ratio"] for r in rows] + [t for t, _ in targets] + [1.0]
    low, high = min(min(ratios) / 1.6, 0.25), max(max(ratios) * 1.6, 2.0)
    axes.set_xlim(low, high)
    ticks = [t for t in (0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100)
             if low <= t <= high]
    axes.set_xticks(ticks, [f"{t:g}×" for t in ticks])
    axes.xaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
    axes.set_yticks(positions)
    axes.set_yticklabels(labels, fontsize=8)
    axes.set_ylim(-0.8, len(rows) - 0.2)
    axes.set_xlabel("CPU time ratio ours / scikit-learn (log scale; < 1 is faster)")
    axes.set_title(title, fontsize=10)
    axes.grid(axis="x", which="both", alpha=0.3)
    height = 1.6 + 0.32 * len(rows)
    figure.set_size_inches(10, height)
    legend = [
        Line2D([], [], marker="o", linestyle="", color=colour, label=label)
        for colour, label in (("tab:green", "ours / sklearn: target met"),
                              ("tab:red", "target missed"),
                              ("tab:gray", "no target"))
    ] + [Line2D([], [], marker="|", markersize=14, linestyle="", color="black",
                label="target (at most)")]
    figure.legend(handles=legend, loc="lower center", ncol=4, fontsize=8,
                  frameon=False)
    figure.tight_layout(rect=(0, 0.35 / height, 1, 1))
    figure.savefig(path, dpi=110)
    plt.close(figure)
