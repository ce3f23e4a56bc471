"""The pytest plugin's speed: cassette replay vs vcrpy, and per-test overhead vs bare fixtures.

    .venv/bin/python benchmarks/plugin_replay.py                      everything (a few minutes)
    .venv/bin/python benchmarks/plugin_replay.py --only replay        cassette replay only
    .venv/bin/python benchmarks/plugin_replay.py --only per-test      per-test overhead only
    .venv/bin/python benchmarks/plugin_replay.py --sizes 100 1000 --vcr-budget 20
    .venv/bin/python benchmarks/plugin_replay.py --tiny               harness check, numbers meaningless
    .venv/bin/python benchmarks/plugin_replay.py --write benchmarks/README.md

``--write`` also puts the report between the plugin-bench markers of that file
(appending a marked section when the markers are absent).

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

**Per-test overhead.** Generated test files, each test making one mocked chat
completion, run by pytest in a fresh interpreter; the per-test cost is
(T(big) - T(small)) / (big - small), which cancels start-up and collection of
the fixed part. The ``openai-responses`` plugin is not installed here (and not
installed on purpose), so it is not measured; the issue quotes ~93 ms per test
for it on its machine.

Nothing here asserts a time: the script measures and prints a Markdown report.
"""

from __future__ import annotations

import argparse
import gc
import importlib.metadata
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
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
from benchmarks._report import machine
from openai_kit.pytest_plugin._cassette import Cassette, RecordMode

PLUGIN = "openai_kit.pytest_plugin"
KIT_ENGINE = "openai-kit SDK + openai-kit cassette"
OFFICIAL_ENGINE = "openai SDK + openai-kit cassette"
VCRPY = "openai SDK + vcrpy"
BEGIN = "<!-- plugin-bench:begin (written by benchmarks/plugin_replay.py --write) -->"
END = "<!-- plugin-bench:end -->"
REPLAY_GOAL = 20.0  # vcrpy / openai-kit at 3,000 interactions, issue 5
PER_TEST_GOAL = 0.005  # seconds per test, issue 5


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
# Per-test overhead
# --------------------------------------------------------------------------------------------

TEST_BODY = """
def test_chat_{number}({fixture}):
    completion = {fixture}.chat.completions.create(
        model="gpt-4o-mini", messages=[{{"role": "user", "content": "Hello"}}]
    )
    assert completion.choices[0].message.content
"""

BARE_CONFTEST = """
import httpx
import pytest

BODY = {body!r}


def _answer(request):
    return httpx.Response(200, headers={{"content-type": "application/json"}}, content=BODY)


@pytest.fixture
def chat_client():
    from {package} import OpenAI

    client = OpenAI(api_key="sk-test", http_client=httpx.Client(transport=httpx.MockTransport(_answer)))
    yield client
    client.close()
"""

CASSETTE_CONFTEST = """
from pathlib import Path

import httpx
import pytest

from openai_kit import OpenAI
from openai_kit.pytest_plugin._cassette import Cassette

CASSETTE = Path(__file__).parent / "hello.yaml"


def _unreachable(request):
    raise AssertionError("replay reached the network")


@pytest.fixture
def chat_client():
    cassette = Cassette.open(CASSETTE, record_mode="none")
    transport = cassette.wrap_sync(httpx.MockTransport(_unreachable))
    client = OpenAI(api_key="sk-test", http_client=httpx.Client(transport=transport))
    yield client
    client.close()
    cassette.close()
"""


@dataclass(frozen=True)
class Variant:
    name: str
    fixture: str
    conftest: str
    uses_plugin: bool


def variants() -> list[Variant]:
    body = chat_completion_body()
    return [
        Variant(
            "openai-kit `openai_client` fixture (mock server in process)", "openai_client", "", True
        ),
        Variant(
            "openai-kit cassette replay (engine in a conftest fixture, one interaction)",
            "chat_client",
            CASSETTE_CONFTEST,
            False,
        ),
        Variant(
            "bare `httpx.MockTransport` fixture, official `openai` client",
            "chat_client",
            BARE_CONFTEST.format(body=body, package="openai"),
            False,
        ),
        Variant(
            "bare `httpx.MockTransport` fixture, openai-kit client",
            "chat_client",
            BARE_CONFTEST.format(body=body, package="openai_kit"),
            False,
        ),
    ]


def _plugin_arguments(load: bool) -> list[str]:
    for entry in importlib.metadata.entry_points(group="pytest11"):
        if entry.value == PLUGIN:
            return [] if load else ["-p", f"no:{entry.name}"]
    return ["-p", PLUGIN] if load else []


def _write_suite(folder: Path, variant: Variant, tests: int) -> None:
    folder.mkdir(parents=True)
    (folder / "pytest.ini").write_text(
        "[pytest]\nasyncio_default_fixture_loop_scope = function\n", encoding="utf-8"
    )
    (folder / "conftest.py").write_text(textwrap.dedent(variant.conftest), encoding="utf-8")
    if variant.conftest is CASSETTE_CONFTEST:
        with Cassette.open(folder / "hello.yaml", record_mode=RecordMode.ALL) as cassette:
            transport = cassette.wrap_sync(httpx.MockTransport(_answer))
            client = openai_kit.OpenAI(
                api_key="sk-test", http_client=httpx.Client(transport=transport)
            )
            client.chat.completions.create(
                model="gpt-4o-mini", messages=[{"role": "user", "content": "Hello"}]
            )
    per_file = 50
    for start in range(0, tests, per_file):
        numbers = range(start, min(start + per_file, tests))
        text = "".join(TEST_BODY.format(number=n, fixture=variant.fixture) for n in numbers)
        (folder / f"test_generated_{start // per_file:03d}.py").write_text(text, encoding="utf-8")


def _run_suite(folder: Path, variant: Variant) -> tuple[float, str | None]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        *_plugin_arguments(variant.uses_plugin),
        str(folder),
    ]
    begin = time.perf_counter()
    done = subprocess.run(command, cwd=folder, env=environment, capture_output=True, text=True)
    elapsed = time.perf_counter() - begin
    if done.returncode != 0:
        return elapsed, (done.stdout + done.stderr).strip().splitlines()[-1][:200]
    return elapsed, None


@dataclass
class PerTestResult:
    variant: Variant
    tests: int = 0  # big - small
    small_runs: list[float] = field(default_factory=list)
    big_runs: list[float] = field(default_factory=list)
    error: str | None = None

    @property
    def per_test(self) -> list[float]:
        """One estimate per repetition: (T(big) - T(small)) / (big - small)."""
        return [(b - s) / self.tests for s, b in zip(self.small_runs, self.big_runs, strict=True)]

    @property
    def best(self) -> float:
        """The estimate from the fastest run of each size (the least disturbed by other load)."""
        return (min(self.big_runs) - min(self.small_runs)) / self.tests


def bench_per_test(
    small: int, big: int, repeats: int, progress: Callable[[str], None]
) -> list[PerTestResult]:
    results = [PerTestResult(variant, tests=big - small) for variant in variants()]
    with tempfile.TemporaryDirectory(prefix="openai-kit-pertest-") as folder:
        root = Path(folder)
        for number, result in enumerate(results):
            _write_suite(root / f"v{number}-small", result.variant, small)
            _write_suite(root / f"v{number}-big", result.variant, big)
        for repetition in range(repeats):
            progress(f"per-test overhead, repetition {repetition + 1} of {repeats}")
            order = results[repetition % len(results) :] + results[: repetition % len(results)]
            for result in order:
                if result.error:
                    continue
                number = results.index(result)
                small_time, small_error = _run_suite(root / f"v{number}-small", result.variant)
                big_time, big_error = _run_suite(root / f"v{number}-big", result.variant)
                error = small_error or big_error
                if error:
                    result.error = error
                    continue
                result.small_runs.append(small_time)
                result.big_runs.append(big_time)
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


def render_per_test(results: list[PerTestResult], small: int, big: int) -> list[str]:
    lines = [
        f"| fixture | per test: fastest runs (each repetition) | runs of {small} and {big} tests"
        " | goal ≤ 5 ms |",
        "|---|---|---|---|",
    ]
    for result in results:
        if result.error or not result.big_runs:
            lines.append(f"| {result.variant.name} | n/a: {result.error} | 0 | n/a |")
            continue
        met = "**yes**" if result.best <= PER_TEST_GOAL else "**no**"
        goal = met if result.variant.uses_plugin else "n/a"
        values = ", ".join(_time(value) for value in result.per_test)
        lines.append(
            f"| {result.variant.name} | {_time(result.best)} ({values}) | {len(result.big_runs)} each"
            f" | {goal} |"
        )
    lines += [
        "| `openai-responses` plugin | not measured: not installed here (on purpose) | 0 | n/a |",
        "",
        f"Per test = (T({big} tests) - T({small} tests)) / {big - small}, wall time of `python -m"
        " pytest -q` in a fresh interpreter, which cancels start-up; the first figure uses the"
        " fastest run of each size.",
    ]
    return lines


def render(
    replay: list[ReplayResult] | None,
    per_test: list[PerTestResult] | None,
    *,
    vcr_budget: float,
    small: int,
    big: int,
    seconds: float,
) -> str:
    info = machine()
    lines = [
        f"Run of {info.date}: {info.python}; {info.versions}, vcrpy {importlib.metadata.version('vcrpy')},"
        f" pytest {importlib.metadata.version('pytest')}.",
        f"CPU: {info.cpu}, {info.cores} cores. Load average before the run {info.load_before};"
        f" the whole run took {seconds:.0f} s.",
    ]
    if replay:
        lines += ["", "### Cassette replay", "", *render_replay(replay, vcr_budget)]
    if per_test:
        lines += ["", "### Per-test overhead", "", *render_per_test(per_test, small, big)]
    return "\n".join(lines) + "\n"


def write_section(path: Path, section: str) -> None:
    """Put ``section`` between the plugin-bench markers of ``path``."""
    block = f"{BEGIN}\n{section}{END}"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        text = head + block + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + ("\n\n" if text else "") + block + "\n"
    path.write_text(text, encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="plugin_replay.py", description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=("replay", "per-test"), help="run one part only")
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 3000])
    parser.add_argument("--vcr-budget", type=float, default=60.0, help="seconds per vcrpy run")
    parser.add_argument("--repeats", type=int, default=3, help="replay repetitions (median)")
    parser.add_argument("--suite-repeats", type=int, default=5, help="runs of each test suite")
    parser.add_argument("--small", type=int, default=20, help="tests in the small suite")
    parser.add_argument("--big", type=int, default=420, help="tests in the big suite")
    parser.add_argument("--tiny", action="store_true", help="tiny sizes: checks the harness only")
    parser.add_argument("--write", type=Path, help="also write the report into this Markdown file")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if args.tiny:
        args.sizes, args.vcr_budget, args.repeats = [5, 30], 0.0, 1
        args.suite_repeats, args.small, args.big = 1, 1, 3

    def progress(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    begin = time.perf_counter()
    replay = per_test = None
    if args.only in (None, "replay"):
        replay = bench_replay(
            args.sizes, vcr_budget=args.vcr_budget, repeats=args.repeats, progress=progress
        )
    if args.only in (None, "per-test"):
        per_test = bench_per_test(args.small, args.big, args.suite_repeats, progress)
    report = render(
        replay,
        per_test,
        vcr_budget=args.vcr_budget,
        small=args.small,
        big=args.big,
        seconds=time.perf_counter() - begin,
    )
    print(report, end="")
    if args.write:
        write_section(args.write, report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
