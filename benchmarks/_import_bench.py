"""``import <package>`` plus constructing a client, each run in a fresh interpreter.

The child process times the import and the constructor with
``time.perf_counter`` (interpreter start-up is not counted), reads the growth
of its peak resident set size (``VmHWM`` on Linux, else ``ru_maxrss``) and
counts the modules that appeared. A second, smaller set of runs traces Python allocations with
``tracemalloc`` for the peak heap; tracing slows imports down, so those
runs are not timed.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from dataclasses import dataclass, field

__all__ = ["IMPORT_TARGETS", "KIT_READY", "ImportResult", "ImportSample", "run_import_bench"]

# What each child runs: the package a user imports and the client they make.
# openai-kit builds its httpx.Client on first use, the official package in the constructor;
# "openai-kit, ready" also builds it (through the private ``_client``), so the two can be
# compared at the point where a request could go out.
KIT_READY = "openai-kit, ready"
IMPORT_TARGETS: dict[str, str] = {
    "openai-kit": "import openai_kit\nclient = openai_kit.OpenAI(api_key='sk-bench')",
    KIT_READY: (
        "import openai_kit\nclient = openai_kit.OpenAI(api_key='sk-bench')\nclient._client"
    ),
    "openai": "import openai\nclient = openai.OpenAI(api_key='sk-bench')",
    "httpx": "import httpx\nclient = httpx.Client()",
}

_CHILD = """\
import resource, sys, time
def _hwm_kib():
    # VmHWM: this process's peak RSS. ru_maxrss would do, except that Linux carries the
    # parent's value across fork + exec, so a child of a big parent reads the parent's.
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
_before = set(sys.modules)
_traced = {traced}
if _traced:
    import tracemalloc
    tracemalloc.start()
    _before = set(sys.modules)
_rss0 = _hwm_kib()
_t0 = time.perf_counter()
{statement}
_elapsed = time.perf_counter() - _t0
_rss1 = _hwm_kib()
_peak = tracemalloc.get_traced_memory()[1] if _traced else 0
_new = set(sys.modules) - _before
_lazy = sorted(
    m for m in _new if m.startswith(("openai_kit.resources", "openai_kit.types"))
)
import json
print(json.dumps({{
    "seconds": _elapsed,
    "rss_kib": _rss1 - _rss0,
    "traced_peak": _peak,
    "modules": len(_new),
    "lazy_loaded": _lazy,
}}))
"""


@dataclass
class ImportSample:
    seconds: float
    rss_kib: int
    modules: int
    lazy_loaded: list[str]


@dataclass
class ImportResult:
    """The runs of one target: timings, memory, module counts."""

    name: str
    samples: list[ImportSample] = field(default_factory=list)
    traced_peaks: list[int] = field(default_factory=list)

    @property
    def median_seconds(self) -> float:
        return statistics.median(s.seconds for s in self.samples)

    @property
    def best_seconds(self) -> float:
        return min(s.seconds for s in self.samples)

    @property
    def median_rss_mib(self) -> float:
        return statistics.median(s.rss_kib for s in self.samples) / 1024

    @property
    def median_traced_mib(self) -> float:
        return statistics.median(self.traced_peaks) / (1024 * 1024) if self.traced_peaks else 0.0

    @property
    def modules(self) -> int:
        return max(s.modules for s in self.samples)

    @property
    def lazy_loaded(self) -> list[str]:
        """openai_kit resource/type modules the import and constructor loaded (should be none)."""
        return sorted({m for s in self.samples for m in s.lazy_loaded})


def _child_env() -> dict[str, str]:
    """The parent's environment minus anything that would configure a client."""
    return {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("OPENAI_", "AZURE_OPENAI_", "PYTHONPROFILE"))
    }


def _run_child(statement: str, *, traced: bool) -> dict[str, object]:
    code = _CHILD.format(statement=statement, traced=traced)
    completed = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=_child_env(),
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"import benchmark child failed:\n{completed.stderr}")
    result: dict[str, object] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result


def run_import_bench(
    *, runs: int = 10, traced_runs: int = 3, targets: tuple[str, ...] = tuple(IMPORT_TARGETS)
) -> dict[str, ImportResult]:
    """``runs`` timed children and ``traced_runs`` traced ones per target, alternating."""
    results = {name: ImportResult(name) for name in targets}
    for name in targets:  # warm-up: compile and cache bytecode, warm the page cache
        _run_child(IMPORT_TARGETS[name], traced=False)
    for repetition in range(runs):
        shift = repetition % len(targets)
        for name in targets[shift:] + targets[:shift]:
            raw = _run_child(IMPORT_TARGETS[name], traced=False)
            lazy = raw["lazy_loaded"]
            results[name].samples.append(
                ImportSample(
                    seconds=float(str(raw["seconds"])),
                    rss_kib=int(str(raw["rss_kib"])),
                    modules=int(str(raw["modules"])),
                    lazy_loaded=[str(m) for m in lazy] if isinstance(lazy, list) else [],
                )
            )
    for _ in range(traced_runs):
        for name in targets:
            raw = _run_child(IMPORT_TARGETS[name], traced=True)
            results[name].traced_peaks.append(int(str(raw["traced_peak"])))
    return results
