"""Time ours' first calls in a fresh process (run by the harness, one case each).

    python benchmarks/_first_call.py <family.Estimator> [--stand-in]

Prints a JSON object {step: [cpu_s, wall_s]} for ours' steps (fit first) on a
warm-up-sized draw of the case's data, plus "import": the import of ours'
module.  The harness runs it with NUMBA_CACHE_DIR set to an empty temporary
directory, so the figures are the compile cost, whatever ran before.  The
thread variables are inherited from run.py.
"""

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.append(str(Path(__file__).resolve().parent.parent))  # as run.py does


def main(title, stand_in):
    from _harness import OPERATIONS, STEPS, timed
    from cases import all_cases

    case = next(case for case in all_cases() if case.title == title)
    ours = case.ours
    if stand_in:
        ours = case.stand_in or case.ours.as_sklearn_stand_in()
    X, y, X_test, _ = case.dataset.make(case.n_warm_up)

    _, cpu, wall = timed(ours.estimator_class)
    first = {"import": [cpu, wall]}
    estimator = ours.make()
    steps = ["fit"]
    for op in case.operations:
        steps += [step for step in OPERATIONS[op] if step not in steps]
    for step in steps:
        _, cpu, wall = timed(lambda: STEPS[step](estimator, X, y, X_test))
        first[step] = [cpu, wall]
    return first


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], "--stand-in" in sys.argv[2:])))
