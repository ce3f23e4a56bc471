"""Markdown for the results: the machine, the import table, the throughput table."""

from __future__ import annotations

import datetime
import os
import platform
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from ._cases import KIT, OFFICIAL, RAW
from ._import_bench import KIT_READY, ImportResult
from ._timing import Timing
from .sdk_bench import BenchConfig, BenchResult, Results

__all__ = ["BEGIN", "END", "Machine", "machine", "render", "write_section"]

BEGIN = "<!-- sdk-bench:begin (written by benchmarks/run_sdk.py --write) -->"
END = "<!-- sdk-bench:end -->"

IMPORT_GOAL = 0.2  # openai-kit import + construct at most this fraction of the official time


@dataclass(frozen=True)
class Machine:
    date: str
    python: str
    versions: str
    cpu: str
    cores: int
    load_before: str


def _version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _load() -> str:
    try:
        return " / ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "n/a"


def machine() -> Machine:
    """Where and with what the run happens; call it before the run for the load average."""
    packages = ("httpx", "pydantic", "openai", "numpy", "openai-kit")
    return Machine(
        date=datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        python=f"{platform.python_implementation()} {platform.python_version()}",
        versions=", ".join(f"{name} {_version(name)}" for name in packages),
        cpu=_cpu_model(),
        cores=os.cpu_count() or 1,
        load_before=_load(),
    )


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds >= 0.1 else f"{seconds * 1000:.1f} ms"


def _per_op(seconds: float) -> str:
    if seconds >= 0.01:
        return f"{seconds * 1000:.0f} ms"
    if seconds >= 0.001:
        return f"{seconds * 1000:.2f} ms"
    return f"{seconds * 1e6:.1f} µs"


def _rate(per_second: float) -> str:
    return f"{per_second:,.0f}/s" if per_second >= 100 else f"{per_second:,.1f}/s"


def _yes(met: bool) -> str:
    return "**yes**" if met else "**no**"


_IMPORT_COLUMNS = {
    KIT: "openai-kit",
    KIT_READY: "openai-kit + httpx.Client built",
    OFFICIAL: "openai",
    RAW: "httpx alone (`httpx.Client()`)",
}


def _import_table(imports: dict[str, ImportResult]) -> list[str]:
    names = [name for name in _IMPORT_COLUMNS if name in imports]
    official = imports.get(OFFICIAL)
    header = " | ".join(_IMPORT_COLUMNS[name] for name in names)
    lines = [
        f"| import + `OpenAI(api_key=...)` | {header} | openai-kit / openai | goal |",
        "|---" * (len(names) + 3) + "|",
    ]

    def ratios(measure: Callable[[ImportResult], float]) -> tuple[str, float | None]:
        """``kit/official`` (and ``ready/official`` in brackets) for one measure."""
        kit = imports.get(KIT)
        if kit is None or official is None or not measure(official):
            return "n/a", None
        ratio = measure(kit) / measure(official)
        text = f"{ratio:.2f}x"
        ready = imports.get(KIT_READY)
        if ready is not None:
            text += f" ({measure(ready) / measure(official):.2f}x built)"
        return text, ratio

    def row(
        label: str, measure: Callable[[ImportResult], float], fmt: Callable[[float], str]
    ) -> None:
        shown, ratio = ratios(measure)
        goal = "n/a"
        if label.startswith("wall time"):
            goal = f"≤ {IMPORT_GOAL}x"
            if ratio is not None:
                goal += f": {_yes(ratio <= IMPORT_GOAL)}"
        values = " | ".join(fmt(measure(imports[name])) for name in names)
        lines.append(f"| {label} | {values} | {shown} | {goal} |")

    row("wall time, median", lambda r: r.median_seconds, _ms)
    row("wall time, min", lambda r: r.best_seconds, _ms)
    row("peak RSS growth (VmHWM), median", lambda r: r.median_rss_mib, lambda v: f"{v:.1f} MiB")
    row(
        "peak Python heap (tracemalloc), median",
        lambda r: r.median_traced_mib,
        lambda v: f"{v:.1f} MiB",
    )
    row("modules loaded", lambda r: float(r.modules), lambda v: f"{v:.0f}")
    kit = imports.get(KIT)
    if kit is not None:
        loaded = ", ".join(kit.lazy_loaded) or "none"
        lines.append("")
        lines.append(f"openai-kit resource/type modules loaded by import + construct: {loaded}.")
    return lines


def _cell(timing: Timing | None) -> str:
    if timing is None:
        return "n/a"
    return f"{_rate(timing.rate)} ({_per_op(timing.median)}; min {_per_op(timing.best)})"


def _throughput_table(results: list[BenchResult]) -> list[str]:
    lines = [
        "| benchmark | openai-kit | openai | raw httpx (reference) | openai-kit / openai | goal "
        "| spread kit / openai |",
        "|---|---|---|---|---|---|---|",
    ]
    for result in results:
        kit, official = result.timings.get(KIT), result.timings.get(OFFICIAL)
        speedup = official.median / kit.median if kit and official else None
        goal = "n/a"
        if result.spec.goal is not None:
            goal = f"≥ {result.spec.goal:g}x"
            if speedup is not None:
                goal += f": {_yes(speedup >= result.spec.goal)}"
        spread = f"{kit.spread:.0%} / {official.spread:.0%}" if kit and official else "n/a"
        shown = "n/a"
        if kit and official and speedup is not None:
            shown = f"{speedup:.2f}x (fastest: {official.best / kit.best:.2f}x)"
        lines.append(
            f"| {result.spec.title} ({result.spec.unit}s/s) | {_cell(kit)} | {_cell(official)} "
            f"| {_cell(result.timings.get(RAW))} | {shown} | {goal} | {spread} |"
        )
    overheads = [
        f"{r.spec.title}: openai-kit {_per_op(r.timings[KIT].median - r.timings[RAW].median)}, "
        f"openai {_per_op(r.timings[OFFICIAL].median - r.timings[RAW].median)}"
        for r in results
        if r.spec.unit == "call" and {KIT, OFFICIAL, RAW} <= set(r.timings)
    ]
    if overheads:
        lines.append("")
        lines.append("Time per call above raw httpx (median): " + "; ".join(overheads) + ".")
    return lines


def render(results: Results, where: Machine, seconds: float) -> str:
    """The whole Markdown section: machine, settings, both tables."""
    config = results.config
    lines = [
        f"Run of {where.date}: {where.python}; {where.versions}.",
        f"CPU: {where.cpu}, {where.cores} cores. Load average (1/5/15 min) before the run "
        f"{where.load_before}, after {_load()}; the whole run took {seconds:.0f} s.",
        "",
        f"Settings: {config.import_runs} fresh interpreters per package for import timing, "
        f"{config.traced_runs} traced; chat {config.chat_calls} calls per batch; SSE "
        f"{config.sse_streams} streams of {config.sse_chunks} chunks per batch; Responses "
        f"{config.sse_streams} streams of {config.responses_events} events per batch; embeddings "
        f"{config.embed_rows} x {config.embed_dims}, one response per batch; {config.repeats} "
        f"timed batches per implementation ({config.embed_repeats} for embeddings) after "
        f"{config.warmup} warm-up, implementations alternating.",
    ]
    if config == BenchConfig.tiny():
        lines += [
            "",
            "**Tiny sizes (`--tiny`): this checks the harness; the numbers mean nothing.**",
        ]
    if results.imports:
        lines += ["", *_import_table(results.imports)]
    if results.throughput:
        lines += [
            "",
            "Cells: rate at the median (median time per operation; fastest batch). "
            "Ratios: official median time / openai-kit median time (in brackets the same "
            "for the fastest batches). Spread = (slowest - fastest) / median over the "
            "batches: the noise.",
            "",
            *_throughput_table(results.throughput),
        ]
    return "\n".join(lines) + "\n"


def write_section(path: Path, section: str) -> None:
    """Put ``section`` between the markers in ``path`` (appended if the markers are absent)."""
    block = f"{BEGIN}\n{section}{END}"
    text = path.read_text() if path.exists() else ""
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        tail = rest.split(END, 1)[1]
        text = head + block + tail
    else:
        text = text.rstrip("\n") + ("\n\n" if text else "") + block + "\n"
    path.write_text(text)
