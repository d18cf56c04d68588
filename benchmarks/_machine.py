"""Machine facts and the machine's ceiling (GEMM rate, memory read rate).

BENCHMARKS.md: "float64 GEMM ≈ 41 GFLOP/s and memory read ≈ 21 GB/s on one
core (numpy, best of repeats)" is what "close to the limit" is measured
against.  Both are measured here at the start of every run, on the thread
settings of the run (one thread).
"""

import importlib.metadata
import os
import platform
import sys
import time

import numpy as np

PACKAGES = ["sklearn_notes", "numpy", "scipy", "scikit-learn", "numba", "llvmlite",
            "threadpoolctl", "matplotlib", "tqdm"]

THREAD_VARIABLES = ["OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                    "NUMBA_NUM_THREADS"]


def cpu_model():
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def memory_total_gib():
    try:
        with open("/proc/meminfo") as meminfo:
            for line in meminfo:
                if line.startswith("MemTotal"):
                    return int(line.split()[1]) / 2**20
    except OSError:
        pass
    return None


def versions():
    found = {}
    for name in PACKAGES:
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            found[name] = None
    return found


def blas_pools():
    """threadpoolctl's view of the native thread pools (BLAS, OpenMP)."""
    from threadpoolctl import threadpool_info

    keys = ("user_api", "internal_api", "version", "num_threads", "architecture",
            "threading_layer", "filepath")
    return [{key: pool.get(key) for key in keys} for pool in threadpool_info()]


def numba_threads():
    import numba

    return {"NUMBA_NUM_THREADS": numba.config.NUMBA_NUM_THREADS,
            "get_num_threads()": numba.get_num_threads(),
            "threading layer (configured)": numba.config.THREADING_LAYER}


def gemm_gflops(size, repeats):
    """float64 ``A @ B`` rate, best of ``repeats``: 2·size³ flops per product
    over the process CPU time (one thread: CPU time is the time on the core,
    which a busy shared machine does not inflate as it does wall time)."""
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal((2, size, size))
    out = np.empty((size, size))
    np.matmul(a, b, out=out)  # warm-up
    best = min(_cpu(lambda: np.matmul(a, b, out=out)) for _ in range(repeats))
    return 2 * size**3 / best / 1e9


def memory_read_gbs(megabytes, repeats):
    """Rate of ``np.sum`` over a float64 array much larger than the caches,
    best of ``repeats`` (process CPU time): one streaming read of every byte."""
    array = np.ones(megabytes * 2**20 // 8)
    array.sum()  # warm-up (and fault the pages in)
    best = min(_cpu(array.sum) for _ in range(repeats))
    return array.nbytes / best / 1e9


def _cpu(function):
    start = time.process_time()
    function()
    return time.process_time() - start


def machine_facts(quick):
    """Everything machine.md reports, as a dict (also stored in results.json)."""
    size, gemm_repeats = (1000, 3) if quick else (2000, 5)
    megabytes, read_repeats = (128, 3) if quick else (512, 5)
    try:
        affinity = len(os.sched_getaffinity(0))
    except AttributeError:
        affinity = None
    return {
        "cpu_model": cpu_model(),
        "logical_cpus": os.cpu_count(),
        "cpus_available_to_process": affinity,
        "memory_total_gib": memory_total_gib(),
        "platform": platform.platform(),
        "python": sys.version.split()[0],
        "versions": versions(),
        "thread_variables": {name: os.environ.get(name) for name in THREAD_VARIABLES},
        "blas": blas_pools(),
        "numba": numba_threads(),
        "gemm_gflops": gemm_gflops(size, gemm_repeats),
        "gemm_size": size,
        "memory_read_gbs": memory_read_gbs(megabytes, read_repeats),
        "memory_read_megabytes": megabytes,
    }
