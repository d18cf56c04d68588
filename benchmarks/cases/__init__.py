"""The registry of benchmark cases: one module per family.

Each module ``benchmarks/cases/<family>.py`` defines ``CASES``, a list of
:class:`_harness.Case`.  A new family adds a module; nothing else changes.
Modules whose name starts with ``_`` (shared helpers) are not families.
"""

import dataclasses
import importlib
import pkgutil


def all_cases():
    """Every registered case, family modules in alphabetical order.

    Titles (family.Estimator (variant)) must be unique: they name a case in
    results.json, ``--merge`` and the first-call process.  Cases that share
    one are numbered "#1", "#2" ... in registry order; give them a
    ``variant`` ("d=2, fft") to say what differs.
    """
    cases = []
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if module_info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        cases.extend(module.CASES)
    return _number_duplicates(cases)


def _number_duplicates(cases):
    counts = {}
    for case in cases:
        counts[case.title] = counts.get(case.title, 0) + 1
    seen = {}
    numbered = []
    for case in cases:
        if counts[case.title] > 1:
            seen[case.title] = seen.get(case.title, 0) + 1
            number = f"#{seen[case.title]}"
            variant = f"{case.variant} {number}" if case.variant else number
            case = dataclasses.replace(case, variant=variant)
        numbered.append(case)
    return numbered
