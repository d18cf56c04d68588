"""The jit policy of ``sklearn_notes._numba``, proved in real subprocesses.

Numba reads its configuration and its on-disk cache when a process starts, so
each claim below runs fresh Python interpreters on throw-away packages:

(a) rule 5, no stale cache across modules: a cached kernel calling a jitted
    function of another module is recompiled after that module is edited (and
    plain ``numba.njit(cache=True)`` is not: the control), while an untouched
    package really is loaded from the cache;
(b) a read-only install with no writable cache location imports and runs,
    with a RuntimeWarning instead of numba's RuntimeError;
(c) under ``NUMBA_DISABLE_JIT=1`` the decorator gives back the plain function;
(d) a ``NUMBA_BOUNDSCHECK=1`` process never loads machine code compiled
    without bounds checks from the cache (numba's own cache key ignores the
    setting: the control).
"""

import ctypes
import functools
import json
import os
import stat
import subprocess
import sys
import textwrap
import warnings

import numba
import numpy as np
import pytest

from sklearn_notes import _numba
from sklearn_notes._numba import JIT_OPTIONS, njit, package_digest

# --- running fresh interpreters ---------------------------------------------


def _clean_env(**extra):
    """This process's environment without any NUMBA_* setting, plus ``extra``."""
    env = {key: value for key, value in os.environ.items() if "NUMBA" not in key}
    env.pop("XDG_CACHE_HOME", None)
    env["PYTHONDONTWRITEBYTECODE"] = "1"  # only numba writes, nothing else
    env.update(extra)
    return env


def _run(code, *, path, env, preexec_fn=None):
    """Run ``code`` in a fresh interpreter importing from ``path``; its JSON output."""
    env = {**env, "PYTHONPATH": os.pathsep.join([str(path), *sys.path])}
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=preexec_fn,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- (a) no stale cache across modules --------------------------------------

OUR_JIT = ("from sklearn_notes._numba import njit", "@njit")
PLAIN_JIT = ("from numba import njit", "@njit(cache=True)")


def _write_package(root, name, jit, factor):
    """``name.main.outer(x) = name.helpers.scale(x) + 1``, ``scale(x) = x * factor``."""
    jit_import, decorator = jit
    package = root / name
    package.mkdir(exist_ok=True)
    (package / "__init__.py").write_text("")
    _write_helpers(package, jit, factor)
    (package / "main.py").write_text(
        f"{jit_import}\n\nfrom .helpers import scale\n\n\n"
        f"{decorator}\ndef outer(x):\n    return scale(x) + 1\n"
    )
    return package


def _write_helpers(package, jit, factor):
    jit_import, decorator = jit
    (package / "helpers.py").write_text(
        f"{jit_import}\n\n\n{decorator}\ndef scale(x):\n    return x * {factor}\n"
    )


def _call_outer(name):
    """Code printing outer(1.0) and outer's cache hits and misses in this process."""
    return f"""
        import json
        from {name}.main import outer
        value = outer(1.0)
        stats = outer.stats
        print(json.dumps({{
            "value": value,
            "hits": sum(stats.cache_hits.values()),
            "misses": sum(stats.cache_misses.values()),
        }}))
    """


def test_edit_of_a_called_module_invalidates_the_cache(tmp_path):
    cache = tmp_path / "numba_cache"
    env = _clean_env(NUMBA_CACHE_DIR=str(cache))
    package = _write_package(tmp_path, "stalepkg", OUR_JIT, factor=2)

    first = _run(_call_outer("stalepkg"), path=tmp_path, env=env)
    assert first == {"value": 3.0, "hits": 0, "misses": 1}
    assert list(cache.rglob("main.outer-*.nbi")), "nothing was written to the cache"

    # Untouched package, new process: loaded from disk, not compiled.
    second = _run(_call_outer("stalepkg"), path=tmp_path, env=env)
    assert second == {"value": 3.0, "hits": 1, "misses": 0}

    # Edit only the callee's module: the caller must see the new scale.
    _write_helpers(package, OUR_JIT, factor=10)
    third = _run(_call_outer("stalepkg"), path=tmp_path, env=env)
    assert third == {"value": 11.0, "hits": 0, "misses": 1}


def test_control_plain_numba_cache_goes_stale(tmp_path):
    """Why rule 5 needs our decorator: numba's own cache serves the old callee."""
    env = _clean_env(NUMBA_CACHE_DIR=str(tmp_path / "numba_cache"))
    package = _write_package(tmp_path, "plainpkg", PLAIN_JIT, factor=2)

    first = _run(_call_outer("plainpkg"), path=tmp_path, env=env)
    assert first == {"value": 3.0, "hits": 0, "misses": 1}

    _write_helpers(package, PLAIN_JIT, factor=10)
    stale = _run(_call_outer("plainpkg"), path=tmp_path, env=env)
    # 1.0 * 10 + 1 would be 11.0: the cached outer still inlines x * 2.
    assert stale == {"value": 3.0, "hits": 1, "misses": 0}


# --- (b) read-only install, no writable cache location ----------------------

KERNEL_MODULE = """\
from sklearn_notes._numba import njit


@njit
def weighted_sum(x, w):
    total = 0.0
    for i in range(x.shape[0]):
        total += x[i] * w[i]
    return total
"""

PLAIN_KERNEL_MODULE = KERNEL_MODULE.replace(
    "from sklearn_notes._numba import njit", "from numba import njit"
).replace("@njit", "@njit(cache=True)")

# Linux capabilities that let root ignore file permissions (capability.h).
_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH, _CAP_FOWNER = 1, 2, 3
_CAP_SETPCAP = 8
_PR_CAPBSET_DROP = 24


def _has_capability(cap):
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("CapEff:"):
                return bool(int(line.split()[1], 16) >> cap & 1)
    return False


def _drop_root_file_capabilities(libc):
    """``preexec_fn``: make permission bits bind root in the child.

    Dropped from the bounding set, the capabilities are not regained at exec,
    so a 0555 directory owned by root is read-only for the child (the same
    user, interpreter and site-packages: only the privilege goes).  ``libc``
    is loaded by the parent: no dlopen between fork and exec.
    """
    for cap in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH, _CAP_FOWNER):
        if libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            errno = ctypes.get_errno()
            raise OSError(errno, f"prctl(PR_CAPBSET_DROP, {cap}): {os.strerror(errno)}")


def _read_only(*paths):
    for path in paths:
        for item in [path, *path.rglob("*")]:
            mode = 0o555 if item.is_dir() else 0o444
            item.chmod(mode)


def _writable_again(*paths):
    for path in paths:
        for item in [path, *path.rglob("*")]:
            item.chmod(item.stat().st_mode | stat.S_IWUSR)


def _import_read_only(tmp_path, module_text):
    """Import ``ropkg.kernels`` from a read-only tree in a fresh process.

    Every cache location numba could use is unwritable: the package's own
    ``__pycache__`` (read-only directory), ``NUMBA_CACHE_DIR`` (below a
    regular file, so it cannot be created) and ``~/.cache`` (read-only HOME).
    """
    site = tmp_path / "site"
    package = site / "ropkg"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "kernels.py").write_text(module_text)
    home = tmp_path / "home"
    home.mkdir()
    not_a_dir = tmp_path / "regular_file"
    not_a_dir.write_text("")
    env = _clean_env(
        NUMBA_CACHE_DIR=str(not_a_dir / "numba_cache"),
        HOME=str(home),
    )
    code = """
        import json, os, warnings
        import numpy as np

        def can_create_dir(path):
            try:
                os.makedirs(path)
            except OSError:
                return False
            os.rmdir(path)
            return True

        import ropkg
        package_dir = os.path.dirname(ropkg.__file__)
        writable = {
            "package": can_create_dir(os.path.join(package_dir, "__pycache__")),
            "home": can_create_dir(os.path.expanduser("~/.cache")),
            "cache_dir": can_create_dir(os.environ["NUMBA_CACHE_DIR"]),
        }
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                from ropkg.kernels import weighted_sum
            except RuntimeError as exc:
                print(json.dumps({"writable": writable, "import_error": str(exc)}))
                raise SystemExit(0)
        x = np.arange(1.0, 6.0)
        w = np.linspace(0.5, 2.5, 5)
        print(json.dumps({
            "writable": writable,
            "value": weighted_sum(x, w),
            "expected": float(x @ w),
            "warnings": [[w.category.__name__, str(w.message)] for w in caught],
        }))
    """
    as_root = os.geteuid() == 0
    if as_root and not _has_capability(_CAP_SETPCAP):
        pytest.fail(
            "Running as root without CAP_SETPCAP: root ignores the read-only "
            "mode and its file capabilities cannot be dropped. Run the tests "
            "as an ordinary user."
        )
    _read_only(site, home)
    try:
        return _run(
            code,
            path=site,
            env=env,
            preexec_fn=(
                functools.partial(
                    _drop_root_file_capabilities, ctypes.CDLL(None, use_errno=True)
                )
                if as_root
                else None
            ),
        )
    finally:
        _writable_again(site, home)


def test_read_only_install_without_cache_location(tmp_path):
    result = _import_read_only(tmp_path, KERNEL_MODULE)
    # The set-up is real: no location numba could cache into is writable.
    assert result["writable"] == {"package": False, "home": False, "cache_dir": False}
    assert result["value"] == pytest.approx(result["expected"], rel=1e-12)
    cache_warnings = [
        message
        for category, message in result["warnings"]
        if category == "RuntimeWarning" and "cannot cache" in message
    ]
    assert len(cache_warnings) == 1, result["warnings"]
    assert "ropkg.kernels.weighted_sum" in cache_warnings[0]
    assert "NUMBA_CACHE_DIR" in cache_warnings[0]


def test_control_plain_numba_cache_fails_to_import_read_only(tmp_path):
    """Why the fallback exists: numba's own cache=True makes the import fail."""
    result = _import_read_only(tmp_path, PLAIN_KERNEL_MODULE)
    assert result["writable"] == {"package": False, "home": False, "cache_dir": False}
    assert "no locator available" in result["import_error"]


# --- (c) NUMBA_DISABLE_JIT=1 ------------------------------------------------


def test_disable_jit_gives_the_plain_function(tmp_path):
    code = """
        import inspect, json
        import numpy as np
        from numba import prange
        from numba.core.dispatcher import Dispatcher
        from sklearn_notes._numba import njit

        @njit
        def squared_norms(X, out):
            for i in range(X.shape[0]):
                total = 0.0
                for j in range(X.shape[1]):
                    total += X[i, j] * X[i, j]
                out[i] = total

        @njit(parallel=True)
        def row_sums(X, out):
            for i in prange(X.shape[0]):
                out[i] = X[i].sum()

        X = np.arange(12.0).reshape(4, 3)
        norms, sums = np.empty(4), np.empty(4)
        squared_norms(X, norms)
        row_sums(X, sums)
        print(json.dumps({
            "plain": [inspect.isfunction(f) and not isinstance(f, Dispatcher)
                      for f in (squared_norms, row_sums)],
            "names": [squared_norms.__name__, row_sums.__name__],
            "norms": norms.tolist(), "expected_norms": (X ** 2).sum(axis=1).tolist(),
            "sums": sums.tolist(), "expected_sums": X.sum(axis=1).tolist(),
        }))
    """
    result = _run(code, path=tmp_path, env=_clean_env(NUMBA_DISABLE_JIT="1"))
    assert result["plain"] == [True, True]
    assert result["names"] == ["squared_norms", "row_sums"]
    np.testing.assert_allclose(result["norms"], result["expected_norms"])
    np.testing.assert_allclose(result["sums"], result["expected_sums"])


# --- (d) NUMBA_BOUNDSCHECK=1 and the cache ----------------------------------

OUT_OF_BOUNDS_MODULE = """\
from sklearn_notes._numba import njit


@njit
def read_at(x, i):
    return x[i]
"""

READ_ONE_PAST_THE_END = """
    import json
    import numpy as np
    from {name}.kernels import read_at
    try:
        read_at(np.arange(3.0), 3)  # one past the end: a harmless stray read
        raised = False
    except IndexError:
        raised = True
    stats = read_at.stats
    print(json.dumps({{
        "raised": raised,
        "hits": sum(stats.cache_hits.values()),
        "misses": sum(stats.cache_misses.values()),
    }}))
"""


def _write_out_of_bounds_package(root, name, module_text):
    package = root / name
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "kernels.py").write_text(module_text)


def test_boundscheck_run_does_not_load_unchecked_cache(tmp_path):
    cache = str(tmp_path / "numba_cache")
    _write_out_of_bounds_package(tmp_path, "bcpkg", OUT_OF_BOUNDS_MODULE)
    code = READ_ONE_PAST_THE_END.format(name="bcpkg")

    # An unchecked run fills the cache (and reads past the end silently).
    unchecked = _run(code, path=tmp_path, env=_clean_env(NUMBA_CACHE_DIR=cache))
    assert unchecked == {"raised": False, "hits": 0, "misses": 1}
    # A bounds-checked run compiles its own, checked, machine code.
    checked_env = _clean_env(NUMBA_CACHE_DIR=cache, NUMBA_BOUNDSCHECK="1")
    checked = _run(code, path=tmp_path, env=checked_env)
    assert checked == {"raised": True, "hits": 0, "misses": 1}
    # Both versions stay cached side by side.
    assert _run(code, path=tmp_path, env=checked_env) == {
        "raised": True, "hits": 1, "misses": 0}
    assert _run(code, path=tmp_path, env=_clean_env(NUMBA_CACHE_DIR=cache)) == {
        "raised": False, "hits": 1, "misses": 0}


def test_control_plain_numba_cache_ignores_boundscheck(tmp_path):
    """Why the setting is in our key: numba's cache serves unchecked code."""
    cache = str(tmp_path / "numba_cache")
    plain = OUT_OF_BOUNDS_MODULE.replace(
        "from sklearn_notes._numba import njit", "from numba import njit"
    ).replace("@njit", "@njit(cache=True)")
    _write_out_of_bounds_package(tmp_path, "plainbcpkg", plain)
    code = READ_ONE_PAST_THE_END.format(name="plainbcpkg")

    _run(code, path=tmp_path, env=_clean_env(NUMBA_CACHE_DIR=cache))
    checked_env = _clean_env(NUMBA_CACHE_DIR=cache, NUMBA_BOUNDSCHECK="1")
    stale = _run(code, path=tmp_path, env=checked_env)
    # The bounds-checked process loaded the unchecked code: no IndexError.
    assert stale == {"raised": False, "hits": 1, "misses": 0}


# --- the options themselves (in this process) -------------------------------


@pytest.fixture
def jit_enabled(monkeypatch):
    """Compile even in a ``NUMBA_DISABLE_JIT=1`` run (numba reads it per decoration)."""
    monkeypatch.setattr(numba.core.config, "DISABLE_JIT", False)


def test_every_kernel_gets_the_project_options(jit_enabled):
    @njit
    def divide(a, b):
        return a / b

    @njit(parallel=True)
    def parallel_kernel(x):
        return x.sum()

    for kernel in (divide, parallel_kernel):
        assert kernel.targetoptions["nogil"] is True
        assert kernel.targetoptions["error_model"] == "numpy"
        assert set(kernel.targetoptions["fastmath"]) == set(JIT_OPTIONS["fastmath"])
        assert isinstance(kernel._cache, _numba._PackageAwareCache)
    assert parallel_kernel.targetoptions["parallel"] is True
    # error_model="numpy": IEEE division, no ZeroDivisionError in a kernel.
    assert divide(1.0, 0.0) == np.inf
    assert np.isnan(divide(0.0, 0.0))


def test_fastmath_keeps_nan_and_inf_checks(jit_enabled):
    @njit
    def count_nan_and_inf(x):
        nans = infs = 0
        for value in x:
            if np.isnan(value):
                nans += 1
            elif np.isinf(value):
                infs += 1
        return nans, infs

    x = np.array([1.0, np.nan, np.inf, -np.inf, np.nan, 2.0])
    assert count_nan_and_inf(x) == (2, 2)


def test_cache_argument_is_ignored(jit_enabled):
    @njit(cache=False)
    def identity(x):
        return x

    assert isinstance(identity._cache, _numba._PackageAwareCache)


def test_package_digest_covers_every_module(tmp_path, monkeypatch):
    package = tmp_path / "digestpkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "sub" / "__init__.py").write_text("")
    (package / "sub" / "deep.py").write_text("VALUE = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    import digestpkg  # noqa: F401

    try:
        before = package_digest.__wrapped__("digestpkg")
        assert before == package_digest.__wrapped__("digestpkg")  # deterministic
        (package / "sub" / "deep.py").write_text("VALUE = 2\n")
        assert package_digest.__wrapped__("digestpkg") != before
    finally:
        sys.modules.pop("digestpkg", None)


def test_read_only_warning_is_a_runtime_warning(monkeypatch, jit_enabled):
    """Where no locator exists, njit warns and the kernel still compiles."""

    def no_locator(py_func, digest):
        raise RuntimeError("cannot cache function 'f': no locator available")

    monkeypatch.setattr(_numba, "_PackageAwareCache", no_locator)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")

        @njit
        def triple(x):
            return 3 * x

    assert [w.category for w in caught] == [RuntimeWarning]
    assert "cannot cache" in str(caught[0].message)
    assert triple(2.0) == 6.0


def test_function_without_a_module_is_compiled_uncached(jit_enabled):
    """exec'd code has ``__module__ = None`` and no source file: warn, still compile."""
    namespace = {}
    exec("def add_one(x):\n    return x + 1\n", namespace)
    assert namespace["add_one"].__module__ is None
    with pytest.warns(RuntimeWarning, match="cannot cache"):
        add_one = njit(namespace["add_one"])
    assert add_one(2.5) == 3.5
