"""What the standalone server's request log and observations cost the live server (issue 18).

The bare mock app (``mock``) against the app the CLI serves (``mock-standalone``:
the same mock behind the request log, written to the null device, and the
observation log the dashboard reads), each served by ``benchmarks._mock_serve``
on the server core and driven by a load generator of its own on the other (half
the connections each), under every uvicorn configuration installed. In each
round both apps are loaded at the same time (non-streaming rounds, then
streaming ones), so whatever else the machine does in a round, and its speed
that drifts by a third within minutes, slows both alike; the cost is read per
round (standalone / bare of the same round) and summarized by the median over
the rounds, as a wall-clock rate and per server CPU-second. Both servers stay
up through a configuration's rounds, and rounds are short (by default
:data:`ROUND_WARMUP` + :data:`ROUND_SECONDS`). Loaded one after the other, as
they were before, two runs of the same tree read the express lane's cost at
2.7% and 11.1%; loaded together, at 9.3% and 9.1%.

:func:`inprocess_costs` times the same apps called directly (CPU time), no server
around them (the scope uvicorn makes for the load generator's request), and
:func:`profile_standalone` lists the standalone app's hot spots under cProfile.
"""

from __future__ import annotations

import asyncio
import cProfile
import io
import os
import pstats
import statistics
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks._mock_live import LiveSettings, ServerConfig, cpu_plan, load, serving
from benchmarks._mock_payloads import Answers
from benchmarks.loadgen import LoadResult

__all__ = [
    "BARE",
    "STANDALONE",
    "StandaloneRuns",
    "inprocess_costs",
    "profile_standalone",
    "run_standalone",
    "standalone_table",
]

BARE, STANDALONE = "mock", "mock-standalone"
GOAL = 0.05  # issue 18: at most 5% of request throughput
#: A round's window on each app by default, seconds: warm-up (the load generator's
#: connections, not counted), then counted.
ROUND_WARMUP, ROUND_SECONDS = 1.0, 2.0
_START_SECONDS = 1.0  # about what starting the load generator takes

Progress = Callable[[str], None]


@dataclass
class StandaloneRuns:
    """One uvicorn configuration's rounds: (app, streaming) -> one result per round."""

    config: ServerConfig
    runs: dict[tuple[str, bool], list[LoadResult]] = field(default_factory=dict)


def run_standalone(
    configs: list[ServerConfig],
    answers: Answers,
    settings: LiveSettings,
    rounds: int,
    progress: Progress = lambda _: None,
) -> list[StandaloneRuns]:
    """``rounds`` rounds of the bare and the standalone app per configuration.

    Both servers run side by side for the whole configuration (on the same core), and
    in a round both are loaded at once, each by its own load generator with half the
    connections: both apps of a round see the same machine."""
    cores = cpu_plan()
    results = []
    warmup, duration = settings.warmup, settings.duration
    lifetime = 2 * rounds * (warmup + duration + _START_SECONDS) + 60
    with tempfile.TemporaryDirectory(prefix="openai-kit-standalone-bench-") as folder:
        fixtures = Path(folder)
        answers.write(fixtures)
        for config in configs:
            result = StandaloneRuns(config)
            with (
                serving(BARE, config, fixtures, cpu=cores[0], lifetime=lifetime) as bare,
                serving(STANDALONE, config, fixtures, cpu=cores[0], lifetime=lifetime) as cli,
            ):
                served = {BARE: bare, STANDALONE: cli}
                for stream in (False, True):
                    kind = "streamed" if stream else "chat"
                    progress(f"{config.name}: {rounds} rounds, {kind}")
                    for _ in range(rounds):
                        with ThreadPoolExecutor(2) as pool:  # both apps loaded at once
                            runs = {
                                app: pool.submit(
                                    load,
                                    served[app],
                                    stream=stream,
                                    connections=settings.connections // 2,
                                    warmup=warmup,
                                    duration=duration,
                                    cpu=cores[1],
                                )
                                for app in (BARE, STANDALONE)
                            }
                        for app, run in runs.items():
                            result.runs.setdefault((app, stream), []).append(run.result())
            results.append(result)
    return results


def _per_cpu(run: LoadResult) -> float | None:
    return run.rps / run.server_cpu if run.server_cpu else None


def _costs(bare: list[LoadResult], served: list[LoadResult]) -> tuple[float, float | None]:
    """Median over the rounds of 1 - standalone/bare: wall-clock rate, per server CPU-second."""
    wall = [1 - s.rps / b.rps for b, s in zip(bare, served, strict=True) if b.rps]
    per_cpu = []
    for b, s in zip(bare, served, strict=True):
        b_eff, s_eff = _per_cpu(b), _per_cpu(s)
        if b_eff and s_eff:
            per_cpu.append(1 - s_eff / b_eff)
    return (
        statistics.median(wall) if wall else float("nan"),
        statistics.median(per_cpu) if per_cpu else None,
    )


def _rates(runs: list[LoadResult]) -> str:
    """The median rate of the rounds, and the lowest and highest."""
    rates = [run.rps for run in runs]
    return f"{statistics.median(rates):,.0f} ({min(rates):,.0f}-{max(rates):,.0f})"


def _verdict(cost: float) -> str:
    return f"≤ {GOAL * 100:.0f}%: **{'yes' if cost <= GOAL else 'no'}**"


def standalone_table(results: list[StandaloneRuns]) -> list[str]:
    """Markdown: per configuration and answer kind, the rates of each round and the cost."""
    lines = [
        "| uvicorn | answer | bare mock app, requests/s (rounds: median, lowest-highest) "
        "| as the CLI serves it (request log + observations) | cost, wall clock "
        "| cost per server CPU-second | goal (judged per CPU-second) |",
        "|---|---|---|---|---|---|---|",
    ]
    for result in results:
        for stream in (False, True):
            bare = result.runs[(BARE, stream)]
            served = result.runs[(STANDALONE, stream)]
            wall, per_cpu = _costs(bare, served)
            judged = per_cpu if per_cpu is not None else wall
            kind = "streamed chat completion" if stream else "chat completion"
            lines.append(
                f"| {result.config.name} | {kind} | {_rates(bare)} | {_rates(served)} "
                f"| {wall * 100:.1f}% | {'n/a' if per_cpu is None else f'{per_cpu * 100:.1f}%'} "
                f"| {_verdict(judged)} |"
            )
    return lines


def _apps() -> dict[str, Any]:
    """The bare mock app, the standalone app without sinks, and with the text request log."""
    from openai_kit.mockserver import MockServer
    from openai_kit.mockserver._request_log import RequestLogger
    from openai_kit.mockserver._standalone import StandaloneApp

    null = open(os.devnull, "w")  # noqa: SIM115 - lives as long as the process
    return {
        "bare mock app": MockServer(seed=0).app,
        "observations only": StandaloneApp(MockServer(seed=0)),
        "observations + request log": StandaloneApp(
            MockServer(seed=0), sinks=[RequestLogger(null).sink]
        ),
    }


def inprocess_costs(answers: Answers, *, calls: int = 500, batches: int = 60) -> dict[str, float]:
    """Median µs of this process's CPU time per ASGI call of each app of :func:`_apps`,
    batches alternating (the order turning from batch to batch).

    CPU time, not the wall clock: what other processes on a shared machine take
    from a batch does not count; the request log's writer thread does."""
    from benchmarks._mock_inprocess import asgi_case

    async def run() -> dict[str, float]:
        cases = {name: asgi_case(app, calls, answers.json_body) for name, app in _apps().items()}
        times: dict[str, list[float]] = {name: [] for name in cases}
        for case in cases.values():
            await case()
        names = list(cases)
        for number in range(batches):
            turn = number % len(names)  # each app goes first as often as the others
            for name in names[turn:] + names[:turn]:
                started = time.process_time()
                await cases[name]()
                times[name].append((time.process_time() - started) / calls * 1e6)
        return {name: statistics.median(values) for name, values in times.items()}

    return asyncio.run(run())


def profile_standalone(answers: Answers, *, calls: int = 5000, top: int = 25) -> str:
    """cProfile of ``calls`` ASGI calls of the standalone app with the request log, as text."""
    from benchmarks._mock_inprocess import asgi_case

    app = _apps()["observations + request log"]
    case = asgi_case(app, calls, answers.json_body)
    profiler = cProfile.Profile()

    async def run() -> None:
        await case()
        profiler.enable()
        await case()
        profiler.disable()

    asyncio.run(run())
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats(pstats.SortKey.TIME).print_stats(top)
    return out.getvalue()
