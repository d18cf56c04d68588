"""The one place that sets Numba's jit options.

Every kernel of the package is compiled through :func:`njit` below, which
follows the project's Numba rules (``NUMBA.md``):

1. Lazy compilation with an on-disk cache, ``nogil=True`` (kernels may run in
   joblib/dask threads) and only the ``reassoc``/``contract`` fast-math flags,
   which vectorise reductions but keep NaN and inf semantics intact.
   If no cache location is writable (read-only install, no writable HOME),
   the kernel is compiled without a cache and a warning says so: importing
   the package never fails because of the cache.
2. Serial kernels; ``parallel=True`` is opt-in per kernel.
5. No stale compiled code.  Numba keys a cached kernel by its own bytecode and
   its own file's time stamp only, so a kernel that calls a jitted function of
   another module keeps running the *old* callee after that module is edited
   or upgraded.  Here the cache key also holds a digest of the source of every
   module of the kernel's top-level package (and of the numpy version), so any
   change anywhere in the package invalidates every cached kernel.  It holds
   the ``NUMBA_BOUNDSCHECK`` setting too, so a bounds-checked run never loads
   unchecked machine code from the cache.
"""

import functools
import hashlib
import sys
import threading
import warnings
from pathlib import Path

import numba
import numpy as np
from numba.core.caching import FunctionCache
from numba.core.dispatcher import Dispatcher
from numba.core.registry import CPUDispatcher

__all__ = ["JIT_OPTIONS", "njit", "package_digest"]

#: Options shared by every kernel.  ``error_model="numpy"`` makes scalar
#: division follow IEEE rules (as Cython's ``cdivision``) instead of raising
#: ZeroDivisionError from inside a kernel: estimators validate their input in
#: Python, so kernels never see a zero denominator they did not guard.
JIT_OPTIONS = {
    "nogil": True,
    "fastmath": frozenset({"reassoc", "contract"}),
    "error_model": "numpy",
}


@functools.cache
def package_digest(package_name):
    """SHA-256 of the source of every module of a package.

    Parameters
    ----------
    package_name : str
        Name of an imported top-level package (or a plain module).

    Returns
    -------
    digest : str
        Hex digest over the relative paths and contents of all ``*.py`` files
        below the package directory, plus the numpy version (kernels compile
        against numpy's typing rules).
    """
    module = sys.modules.get(package_name)
    hasher = hashlib.sha256(np.__version__.encode())
    paths = getattr(module, "__path__", None)
    if paths:
        root = Path(list(paths)[0])
        files = sorted(root.rglob("*.py"))
    else:
        file = getattr(module, "__file__", None)
        root, files = (Path(file).parent, [Path(file)]) if file else (None, [])
    for path in files:
        hasher.update(str(path.relative_to(root)).encode())
        hasher.update(path.read_bytes())
    return hasher.hexdigest()


class _PackageAwareCache(FunctionCache):
    """Numba's function cache, keyed also by the package's source digest.

    The key also holds ``NUMBA_BOUNDSCHECK``: Numba's own key does not, so a
    bounds-checked process would otherwise load machine code compiled
    without bounds checks (and miss every out-of-bounds access).
    """

    def __init__(self, py_func, digest):
        super().__init__(py_func)
        self._package_digest = digest

    def _index_key(self, sig, codegen):
        # Read at call time: numba.core.config can be reloaded at run time.
        boundscheck = numba.core.config.BOUNDSCHECK
        return super()._index_key(sig, codegen) + (self._package_digest, boundscheck)


# Numba's "workqueue" threading layer (its fallback when neither TBB nor
# OpenMP loads, e.g. macOS wheels, or when NUMBA_THREADING_LAYER=workqueue)
# is not thread-safe: two threads entering parallel regions at once abort
# the whole process (SIGABRT, "Concurrent access has been detected"),
# which no try/except can catch.  Kernels run under joblib/dask threads and
# web servers, so on that layer parallel kernels are entered one at a time.
_WORKQUEUE_ENTRY = threading.Lock()
_serialise_parallel_entry = None  # decided at the first parallel call


def _on_workqueue():
    """Whether the threading layer in use is Numba's workqueue (launches it)."""
    global _serialise_parallel_entry
    if _serialise_parallel_entry is None:
        numba.get_num_threads()  # launches the layer: threading_layer() needs it
        _serialise_parallel_entry = numba.threading_layer() == "workqueue"
    return _serialise_parallel_entry


class _ThreadSafeParallelDispatcher(CPUDispatcher):
    """A ``parallel=True`` kernel that is safe to call from many threads.

    On the TBB and OpenMP layers a call goes straight through; on workqueue
    it holds a lock (released while waiting, as the kernel is ``nogil``), so
    concurrent callers queue instead of aborting the process.  Calls from
    inside other jitted code do not pass here: keep parallel kernels at
    the top of a driver's call chain.
    """

    def __call__(self, *args, **kwargs):
        if _on_workqueue():
            with _WORKQUEUE_ENTRY:
                return super().__call__(*args, **kwargs)
        return super().__call__(*args, **kwargs)


def njit(func=None, **overrides):
    """Compile a kernel with the project's jit options.

    Use as ``@njit`` or ``@njit(parallel=True)``; keyword arguments override
    :data:`JIT_OPTIONS` (``cache`` is always handled here).

    Parameters
    ----------
    func : callable, default=None
        The Python function to compile.
    **overrides : dict
        Options passed to :func:`numba.njit` on top of :data:`JIT_OPTIONS`.

    Returns
    -------
    dispatcher : numba.core.dispatcher.Dispatcher
        A lazily compiling dispatcher whose on-disk cache cannot go stale.
    """
    if func is None:
        return functools.partial(njit, **overrides)
    options = {**JIT_OPTIONS, **overrides}
    options.pop("cache", None)
    if isinstance(options.get("fastmath"), frozenset):
        options["fastmath"] = set(options["fastmath"])
    dispatcher = numba.njit(**options)(func)
    if not isinstance(dispatcher, Dispatcher):  # NUMBA_DISABLE_JIT=1
        return dispatcher
    if options.get("parallel") and type(dispatcher) is CPUDispatcher:
        # Same object layout: only the Python-level call changes.
        dispatcher.__class__ = _ThreadSafeParallelDispatcher
    # __module__ is None for a function exec'd without __name__ in its globals.
    top_level = (func.__module__ or "").partition(".")[0]
    try:
        dispatcher._cache = _PackageAwareCache(func, package_digest(top_level))
    except RuntimeError as exc:  # "cannot cache function ...: no locator"
        warnings.warn(
            f"Numba cannot cache {func.__module__}.{func.__qualname__} "
            f"({exc}); it will be compiled in every new process. Set "
            "NUMBA_CACHE_DIR to a writable directory to cache it.",
            RuntimeWarning,
            stacklevel=2,
        )
    return dispatcher
