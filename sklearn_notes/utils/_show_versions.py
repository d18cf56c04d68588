"""Versions of the system and of the libraries sklearn_notes depends on."""

import importlib.metadata
import platform
import sys

_DEPENDENCIES = [
    "sklearn_notes",
    "numpy",
    "scipy",
    "scikit-learn",
    "numba",
    "llvmlite",
    "cvxopt",
    "scikit-optimize",
    "joblib",
    "threadpoolctl",
]


def _dependency_versions():
    versions = {}
    for name in _DEPENDENCIES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def _numba_info():
    import numba

    info = {"threading_layer (configured)": numba.config.THREADING_LAYER}
    info["NUMBA_NUM_THREADS"] = numba.config.NUMBA_NUM_THREADS
    info["NUMBA_CACHE_DIR"] = numba.config.CACHE_DIR or "(in-tree __pycache__)"
    return info


def show_versions():
    """Print system, dependency, BLAS and Numba information.

    The counterpart of :func:`sklearn.show_versions`, with Numba's settings
    added: paste its output into bug reports.

    Examples
    --------
    >>> from sklearn_notes import show_versions
    >>> show_versions()
    <BLANKLINE>
    System:
    ...
    Python dependencies:
    ...
             numba: ...
    ...
    """
    from threadpoolctl import threadpool_info

    print("\nSystem:")
    for key, value in [
        ("python", sys.version.replace("\n", " ")),
        ("executable", sys.executable),
        ("machine", platform.platform()),
    ]:
        print(f"{key:>18}: {value}")
    print("\nPython dependencies:")
    for key, value in _dependency_versions().items():
        print(f"{key:>18}: {value}")
    print("\nNumba:")
    for key, value in _numba_info().items():
        print(f"{key:>28}: {value}")
    print("\nThreadpoolctl info:")
    for pool in threadpool_info():
        for key in ("user_api", "internal_api", "version", "num_threads"):
            print(f"{key:>18}: {pool.get(key)}")
        print()
