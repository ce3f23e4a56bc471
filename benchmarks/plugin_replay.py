"""The pytest plugin's cassette replay speed vs plain vcrpy.

    .venv/bin/python benchmarks/plugin_replay.py                      100, 1,000, 3,000 (a few minutes)
    .venv/bin/python benchmarks/plugin_replay.py --sizes 100 1000 --vcr-budget 20
    .venv/bin/python benchmarks/plugin_replay.py --tiny               harness check, numbers meaningless
    .venv/bin/python benchmarks/plugin_replay.py --write benchmarks/README.md

``--write`` also puts the report between the plugin-replay-bench markers of that
file (appending them at its end when they are absent). The per-test overhead of
the fixtures is measured by ``benchmarks/plugin_overhead.py``.

**Cassette replay.** One cassette per size N (100, 1,000, 3,000 interactions),
recorded by openai-kit: N distinct chat completions (the question carries its
number), each answered with the same 1 KB body. The same file is then replayed
three ways, in order, every request once: openai-kit's SDK through its cassette
engine (matching on method, path, query and the JSON body); the official
``openai`` client through the same engine (isolates the engine from the SDK);
and the official client under plain ``vcr.use_cassette(path, record_mode="none")``
(vcrpy's default matchers: method, scheme, host, port, path, query; no body).
Times include loading the file. vcrpy compares each request with every
recorded one before it, so its cost per request grows with the position and
its total with N squared: when a run passes ``--vcr-budget`` seconds, the
requests not yet sent are extrapolated from a least-squares line through the
per-request times measured so far (cost = a + b x position), and the table says so.

Nothing here asserts a time: the script measures and prints a Markdown report.
"""

from __future__ import annotations

import argparse
import gc
import importlib.metadata
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx
import openai
import vcr

import openai_kit
from benchmarks._payloads import API_KEY, BASE_URL, CHAT_PARAMS, JSON_HEADERS, chat_completion_body
from benchmarks._report import Machine, machine
from openai_kit.pytest_plugin._cassette import Cassette, RecordMode

KIT_ENGINE = "openai-kit SDK + openai-kit cassette"
OFFICIAL_ENGINE = "openai SDK + openai-kit cassette"
VCRPY = "openai SDK + vcrpy"
BEGIN = "<!-- plugin-replay-bench:begin (written by benchmarks/plugin_replay.py --write) -->"
END = "<!-- plugin-replay-bench:end -->"
REPLAY_GOAL = 20.0  # vcrpy / openai-kit at 3,000 interactions, issue 5


# --------------------------------------------------------------------------------------------
# Cassette replay
# --------------------------------------------------------------------------------------------


def params(number: int) -> dict[str, Any]:
    question = f"Question #{number}: suggest a thing to do in Lisbon on a rainy day."
    return {
        **CHAT_PARAMS,
        "messages": [CHAT_PARAMS["messages"][0], {"role": "user", "content": question}],
    }


def _answer(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, headers=JSON_HEADERS, content=chat_completion_body())


def _unreachable(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"replay reached the network: {request.url}")


def build_cassette(path: Path, size: int) -> None:
    """Record ``size`` distinct chat completions into ``path`` with openai-kit."""
    with Cassette.open(path, record_mode=RecordMode.ALL) as cassette:
        transport = cassette.wrap_sync(httpx.MockTransport(_answer))
        client = openai_kit.OpenAI(
            api_key=API_KEY, base_url=BASE_URL, http_client=httpx.Client(transport=transport)
        )
        for number in range(size):
            client.chat.completions.create(**params(number))
        client.close()


@dataclass
class ReplayRun:
    engine: str
    size: int
    load: float
    durations: list[float]  # per request, in order, for the requests actually sent
    extrapolated_rest: float = 0.0

    @property
    def measured(self) -> int:
        return len(self.durations)

    @property
    def extrapolated(self) -> bool:
        return self.measured < self.size

    @property
    def total(self) -> float:
        return self.load + sum(self.durations) + self.extrapolated_rest

    def _slice_median(self, start: int, stop: int) -> float:
        return statistics.median(self.durations[start:stop])

    @property
    def first_tenth(self) -> float:
        """Median time per request over the first tenth of the requests."""
        return self._slice_median(0, max(1, self.size // 10))

    @property
    def last_tenth(self) -> float | None:
        """The same over the last tenth; None when those were extrapolated."""
        if self.extrapolated:
            return None
        return self._slice_median(self.size - max(1, self.size // 10), self.size)


def _extrapolate(durations: list[float], size: int) -> float:
    """Seconds for requests ``len(durations) .. size-1`` on the line a + b * position."""
    sent = len(durations)
    positions = range(sent)
    mean_x, mean_y = statistics.fmean(positions), statistics.fmean(durations)
    spread = sum((x - mean_x) ** 2 for x in positions) or 1.0
    slope = (
        sum((x - mean_x) * (y - mean_y) for x, y in zip(positions, durations, strict=True)) / spread
    )
    intercept = mean_y - slope * mean_x
    rest = range(sent, size)
    return max(0.0, intercept * len(rest) + slope * sum(rest))


def _send_all(
    create: Callable[..., object], size: int, budget: float | None
) -> tuple[list[float], bool]:
    durations: list[float] = []
    started = time.perf_counter()
    for number in range(size):
        begin = time.perf_counter()
        create(**params(number))
        durations.append(time.perf_counter() - begin)
        if budget is not None and time.perf_counter() - started > budget and number >= 20:
            return durations, True
    return durations, False


def replay_engine(path: Path, size: int, engine: str) -> ReplayRun:
    gc.collect()
    begin = time.perf_counter()
    cassette = Cassette.open(path, record_mode=RecordMode.NONE)
    http_client = httpx.Client(transport=cassette.wrap_sync(httpx.MockTransport(_unreachable)))
    factory = openai_kit.OpenAI if engine == KIT_ENGINE else openai.OpenAI
    client = factory(api_key=API_KEY, base_url=BASE_URL, http_client=http_client)
    load = time.perf_counter() - begin
    durations, _ = _send_all(client.chat.completions.create, size, None)
    cassette.close()
    if len(cassette.played) != size:
        raise RuntimeError(f"{engine}: {len(cassette.played)} of {size} requests replayed")
    return ReplayRun(engine, size, load, durations)


def replay_vcrpy(path: Path, size: int, budget: float | None) -> ReplayRun:
    gc.collect()
    begin = time.perf_counter()
    context = vcr.use_cassette(str(path), record_mode="none")
    cassette = context.__enter__()
    try:
        client = openai.OpenAI(api_key=API_KEY, base_url=BASE_URL)
        load = time.perf_counter() - begin
        durations, stopped = _send_all(client.chat.completions.create, size, budget)
        if not stopped and cassette.play_count != size:
            raise RuntimeError(f"vcrpy: {cassette.play_count} of {size} requests replayed")
    finally:
        context.__exit__(None, None, None)
    run = ReplayRun(VCRPY, size, load, durations)
    if stopped:
        run.extrapolated_rest = _extrapolate(durations, size)
    return run


@dataclass
class ReplayResult:
    size: int
    runs: dict[str, ReplayRun] = field(default_factory=dict)


def bench_replay(
    sizes: Sequence[int], *, vcr_budget: float, repeats: int, progress: Callable[[str], None]
) -> list[ReplayResult]:
    results = []
    with tempfile.TemporaryDirectory(prefix="openai-kit-replay-") as folder:
        warm = Path(folder) / "warm.yaml"
        build_cassette(warm, 20)
        replay_engine(warm, 20, KIT_ENGINE)
        replay_engine(warm, 20, OFFICIAL_ENGINE)
        replay_vcrpy(warm, 20, None)
        for size in sizes:
            path = Path(folder) / f"chat-{size}.yaml"
            progress(f"recording a cassette of {size} interactions")
            build_cassette(path, size)
            result = ReplayResult(size)
            for engine in (KIT_ENGINE, OFFICIAL_ENGINE):
                runs = [replay_engine(path, size, engine) for _ in range(repeats)]
                result.runs[engine] = sorted(runs, key=lambda run: run.total)[len(runs) // 2]
            progress(f"replaying {size} interactions with vcrpy (budget {vcr_budget:.0f} s)")
            vcr_runs = 1 if size >= 1000 else repeats
            runs = [replay_vcrpy(path, size, vcr_budget) for _ in range(vcr_runs)]
            result.runs[VCRPY] = sorted(runs, key=lambda run: run.total)[len(runs) // 2]
            results.append(result)
    return results


# --------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------


def _time(seconds: float) -> str:
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 0.001:
        return f"{seconds * 1000:.1f} ms"
    return f"{seconds * 1e6:.0f} µs"


def _replay_cell(run: ReplayRun) -> str:
    cell = f"{_time(run.total)} ({_time((run.total - run.load) / run.size)}/request)"
    if run.extrapolated:
        cell += f" **extrapolated** from {run.measured:,} sent in {_time(run.load + sum(run.durations))}"
    return cell


def render_replay(results: list[ReplayResult], vcr_budget: float) -> list[str]:
    lines = [
        "| interactions | "
        + " | ".join((KIT_ENGINE, OFFICIAL_ENGINE, VCRPY))
        + " | vcrpy / openai-kit"
        " | vcrpy / openai-kit engine (same SDK) |",
        "|---|---|---|---|---|---|",
    ]
    for result in results:
        kit, same_sdk, plain = (result.runs[name] for name in (KIT_ENGINE, OFFICIAL_ENGINE, VCRPY))
        ratio = plain.total / kit.total
        goal = f" (goal ≥ {REPLAY_GOAL:.0f}x: {'**yes**' if ratio >= REPLAY_GOAL else '**no**'})"
        lines.append(
            f"| {result.size:,} | {_replay_cell(kit)} | {_replay_cell(same_sdk)} | {_replay_cell(plain)}"
            f" | {ratio:,.1f}x{goal if result.size >= 3000 else ''} | {plain.total / same_sdk.total:,.1f}x |"
        )
    lines += [
        "",
        "Cost per request at the start and at the end of each replay (median over the first and"
        " the last tenth of the requests): flat means O(1) per request.",
        "",
        "| interactions | " + " | ".join((KIT_ENGINE, OFFICIAL_ENGINE, VCRPY)) + " |",
        "|---|---|---|---|",
    ]
    for result in results:
        cells = []
        for name in (KIT_ENGINE, OFFICIAL_ENGINE, VCRPY):
            run = result.runs[name]
            last = "not sent (extrapolated)" if run.last_tenth is None else _time(run.last_tenth)
            cells.append(f"{_time(run.first_tenth)} → {last}")
        lines.append(f"| {result.size:,} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "Times include loading the cassette (openai-kit: "
        + ", ".join(f"{r.size:,}: {_time(r.runs[KIT_ENGINE].load)}" for r in results)
        + "; vcrpy: "
        + ", ".join(f"{r.size:,}: {_time(r.runs[VCRPY].load)}" for r in results)
        + f"). vcrpy budget per run: {vcr_budget:.0f} s.",
    ]
    return lines


def render(replay: list[ReplayResult], *, vcr_budget: float, seconds: float, info: Machine) -> str:
    lines = [
        f"Run of {info.date}: {info.python}; {info.versions}, vcrpy {importlib.metadata.version('vcrpy')},"
        f" pytest {importlib.metadata.version('pytest')}.",
        f"CPU: {info.cpu}, {info.cores} cores. Load average before the run {info.load_before};"
        f" the whole run took {seconds:.0f} s.",
        "",
        "### Cassette replay",
        "",
        *render_replay(replay, vcr_budget),
    ]
    return "\n".join(lines) + "\n"


def write_section(path: Path, section: str) -> None:
    """Put ``section`` between the plugin-replay-bench markers of ``path`` (appended if absent)."""
    block = f"{BEGIN}\n{section}{END}"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if BEGIN in text and END in text.split(BEGIN, 1)[1]:
        head, rest = text.split(BEGIN, 1)
        text = head + block + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + ("\n\n" if text.strip() else "") + block + "\n"
    path.write_text(text, encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="plugin_replay.py", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 3000])
    parser.add_argument("--vcr-budget", type=float, default=60.0, help="seconds per vcrpy run")
    parser.add_argument("--repeats", type=int, default=3, help="replay repetitions (median)")
    parser.add_argument("--tiny", action="store_true", help="tiny sizes: checks the harness only")
    parser.add_argument("--write", type=Path, help="also write the report into this Markdown file")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if args.tiny:
        args.sizes, args.vcr_budget, args.repeats = [5, 30], 0.0, 1

    def progress(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    info = machine()
    begin = time.perf_counter()
    replay = bench_replay(
        args.sizes, vcr_budget=args.vcr_budget, repeats=args.repeats, progress=progress
    )
    seconds = time.perf_counter() - begin
    report = render(replay, vcr_budget=args.vcr_budget, seconds=seconds, info=info)
    print(report, end="")
    if args.write:
        write_section(args.write, report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
