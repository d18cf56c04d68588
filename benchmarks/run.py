"""Benchmark sklearn_notes against scikit-learn, side by side.

    python benchmarks/run.py --quick          # small slices: a smoke run
    python benchmarks/run.py                  # the full standard suite
    python benchmarks/run.py --only naive_bayes PCA --repeats 7
    python benchmarks/run.py --list

Writes results.md, results.json, results.png and machine.md to
benchmarks/results/ (benchmarks/results/quick/ with --quick), or to --out.
The method is described in benchmarks/README.md.
"""

# One thread, pinned before numpy (and its BLAS) or numba is imported: BLAS
# and OpenMP read these variables once, when they load.  Two threads on a
# shared 2-core machine made some runs 5-30x slower (spin-waiting).
import os
import sys

ONE_THREAD = {name: "1" for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS",
                                     "MKL_NUM_THREADS", "NUMBA_NUM_THREADS",
                                     "VECLIB_MAXIMUM_THREADS", "BLIS_NUM_THREADS")}
_NUMPY_WAS_LOADED = "numpy" in sys.modules
os.environ.update(ONE_THREAD)

import argparse  # noqa: E402
import datetime  # noqa: E402
import json  # noqa: E402
import shlex  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402
from pathlib import Path  # noqa: E402

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # _harness, _report, _machine, cases
sys.path.append(str(HERE.parent))  # the checkout, if sklearn_notes is not installed

import numpy as np  # noqa: E402, F401
from threadpoolctl import threadpool_info, threadpool_limits  # noqa: E402
from _harness import PlainProgress  # noqa: E402

try:  # a progress bar if tqdm is there (the "bench" extra) and stderr is a
    # terminal; one plain line per stage otherwise (CI logs)
    from tqdm import tqdm  # noqa: E402
except ImportError:
    tqdm = PlainProgress
if not sys.stderr.isatty():
    tqdm = PlainProgress

import _harness  # noqa: E402
import _machine  # noqa: E402
import _report  # noqa: E402
from cases import all_cases  # noqa: E402


def parse_arguments(argv):
    parser = argparse.ArgumentParser(
        description="Time sklearn_notes against scikit-learn (one thread, "
        "interleaved, median CPU time, quality on a held-out split).")
    parser.add_argument("--quick", action="store_true",
                        help="small slices of every case (a smoke run: 10-15 s "
                        "of CPU plus the first compilation of the Numba kernels); "
                        "writes to benchmarks/results/quick/")
    parser.add_argument("--only", nargs="+", metavar="NAME",
                        help="families or estimators to run, e.g. naive_bayes PCA "
                        "(case-insensitive; commas also separate)")
    parser.add_argument("--repeats", type=int, default=None,
                        help="timed repeats per operation and contender "
                        "(default 5, or 3 with --quick; at least 3 for a median)")
    parser.add_argument("--out", type=Path, default=None,
                        help="output directory (default benchmarks/results[/quick])")
    parser.add_argument("--merge", action="store_true",
                        help="keep the other cases of the results.json already in "
                        "the output directory and replace only the cases run now "
                        "(e.g. a new family: --only cluster --merge)")
    parser.add_argument("--list", action="store_true",
                        help="list the registered cases and exit")
    parser.add_argument("--stand-in", action="store_true",
                        help="time scikit-learn's own class in ours' slot: an A/A "
                        "check of the harness (ratios should be about 1)")
    arguments = parser.parse_args(argv)
    if arguments.repeats is None:
        arguments.repeats = 3 if arguments.quick else 5
    if arguments.repeats < 1:
        parser.error("--repeats must be at least 1")
    if arguments.repeats < 3:
        warnings.warn("fewer than 3 repeats: the medians are not robust to a "
                      "busy machine", stacklevel=2)
    if arguments.out is None:
        arguments.out = HERE / "results" / ("quick" if arguments.quick else "")
    return arguments, parser


def select_cases(cases, only, parser):
    if not only:
        return cases
    names = [name for item in only for name in item.split(",") if name]
    selected = [case for case in cases if case.matches(names)]
    known = ({case.family for case in cases} | {case.estimator for case in cases}
             | {case.name for case in cases})
    unknown = [name for name in names
               if name.lower() not in {k.lower() for k in known}
               and not any(case.matches([name]) for case in cases)]
    if unknown or not selected:
        parser.error(f"unknown case name(s) {unknown or names}; "
                     f"known: {', '.join(sorted(known))}")
    return selected


def check_one_thread():
    """Every native pool must be at one thread; warn (and record) otherwise."""
    over = [pool for pool in threadpool_info() if pool["num_threads"] != 1]
    if _NUMPY_WAS_LOADED:
        warnings.warn("numpy was imported before run.py pinned the thread "
                      "variables; relying on threadpoolctl alone", stacklevel=2)
    for pool in over:
        warnings.warn(f"{pool['internal_api']} runs {pool['num_threads']} threads "
                      "despite the limits", stacklevel=2)
    import numba

    if numba.get_num_threads() != 1:
        numba.set_num_threads(1)


def main(argv=None):
    arguments, parser = parse_arguments(argv)
    cases = all_cases()
    if arguments.list:
        for case in cases:
            references = ", ".join(r.label for r in case.references)
            print(f"{case.family:<24} {case.name:<28} n={case.n_standard:>9,}"
                  f" (quick {case.n_quick:,})  vs {references}")
        return 0
    cases = select_cases(cases, arguments.only, parser)

    started = time.perf_counter()
    started_utc = datetime.datetime.now(datetime.timezone.utc)
    command = " ".join(["python benchmarks/run.py",
                        shlex.join(sys.argv[1:] if argv is None else argv)]).strip()
    run_started = started_utc.strftime("%Y-%m-%d %H:%M:%S")
    with threadpool_limits(limits=1):
        check_one_thread()
        print("Measuring the machine's ceiling (GEMM, memory read) ...", flush=True)
        machine = _machine.machine_facts(arguments.quick)
        print(f"  {machine['cpu_model']}: GEMM {machine['gemm_gflops']:.1f} GFLOP/s, "
              f"memory read {machine['memory_read_gbs']:.1f} GB/s, "
              f"BLAS {_report._blas_summary(machine)}", flush=True)

        results = []
        data_cache = _harness.DataCache()
        total = sum(_harness.n_timed_calls(case, arguments.repeats) for case in cases)
        with tqdm(total=total, unit="call", dynamic_ncols=True, file=sys.stderr,
                  mininterval=0.5) as progress:
            for case in cases:
                expected = _harness.n_timed_calls(case, arguments.repeats)
                done_before = progress.n
                # Warnings (a ConvergenceWarning says a fit stopped at max_iter:
                # worth knowing next to its time) go to the report, not the
                # terminal.
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always")
                    try:
                        result = _harness.run_case(
                            case, quick=arguments.quick, repeats=arguments.repeats,
                            data_cache=data_cache, progress=progress,
                            stand_in=arguments.stand_in)
                    except Exception as exc:  # report the case, run the others
                        result = _harness.error_result(case, exc)
                        tqdm.write(f"ERROR in {case.title}:\n{result['traceback']}",
                                   file=sys.stderr)
                result["warnings"] = _harness.summarise_warnings(caught)
                result["run"] = {"started_utc": run_started, "command": command}
                results.append(result)
                progress.update(expected - (progress.n - done_before))
            data_cache.clear()

    if arguments.merge:
        results = merge_with_previous(arguments.out / "results.json", results,
                                      all_cases(), arguments.quick)
    rows = [row for result in results for row in result["rows"]]
    errors = [result for result in results if result["error"]]
    run = {
        "meta": {
            "started_utc": run_started,
            "runs": sorted({(r["run"]["started_utc"], r["run"]["command"])
                            for r in results if "run" in r}),
            "command": command,
            "quick": arguments.quick,
            "repeats": arguments.repeats,
            "stand_in": arguments.stand_in,
            "total_wall_s": time.perf_counter() - started,
            "ratio": "median CPU time of ours / median CPU time of the reference",
        },
        "machine": machine,
        "rows": rows,
        "cases": results,
    }
    write_outputs(arguments.out, run, rows, errors)

    print()
    print(_report.short_summary(rows))
    for error in errors:
        print(f"\nFAILED {error['case']}: {error['error']}")
    warned = [result["case"] for result in results if result.get("warnings")]
    if warned:
        print(f"\nWarnings raised in {', '.join(warned)}: see results.md")
    print(f"\nTotal {run['meta']['total_wall_s']:.1f} s wall; "
          f"results in {arguments.out}/")
    return 1 if errors else 0


def merge_with_previous(path, results, registry, quick):
    """The cases of an earlier results.json not run now, plus those run now,
    in the registry's order (``--merge``)."""
    if not path.exists():
        return results
    previous = json.loads(path.read_text())
    if previous["meta"]["quick"] != quick:
        sys.exit(f"--merge: {path} is from a {'quick' if not quick else 'full'} "
                 "run; not mixing the two")
    earlier_run = {key: previous["meta"][key] for key in ("started_utc", "command")}
    for result in previous["cases"]:
        result.setdefault("run", earlier_run)
    by_title = {result["case"]: result for result in previous["cases"]}
    by_title.update({result["case"]: result for result in results})
    order = [case.title for case in registry]
    return sorted(by_title.values(), key=lambda result: (
        order.index(result["case"]) if result["case"] in order else len(order)))


def write_outputs(out, run, rows, errors):
    out.mkdir(parents=True, exist_ok=True)
    title = ("sklearn_notes / scikit-learn, CPU time, one thread"
             + (" (quick run)" if run["meta"]["quick"] else ""))
    _report.write_results_md(out / "results.md", run, rows, errors)
    _report.write_results_json(out / "results.json", run)
    _report.write_results_png(out / "results.png", rows, title)
    _report.write_machine_md(out / "machine.md", run["machine"])


if __name__ == "__main__":
    sys.exit(main())
