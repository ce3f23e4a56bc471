"""The live measurements: server and load generator processes, pinned to their own cores.

For each uvicorn configuration (h11 + asyncio always; httptools + uvloop
when both are installed) three servers run one after the other, each in its
own process on one core: the minimal Starlette app (the ceiling), the mock,
and the raw-socket server that checks the load generator. Against each, the
load generator (``benchmarks/loadgen.py``, its own process on the other
core) runs the non-streaming request, then the streaming one. Last, one
short run against ``MockServer.live()`` as shipped. Every process is
bounded: servers stop when told or after their ``--lifetime``, load
generators after warm-up + window (+ a 2 s drain), and the runner kills
whatever outlives its timeout.
"""

from __future__ import annotations

import importlib.util
import os
import selectors
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO

from benchmarks._mock_payloads import AUTH_HEADER, CHAT_PATH, Answers, request_body
from benchmarks.loadgen import LoadResult

__all__ = [
    "CEILING",
    "CEILING_HEADERS",
    "MOCK",
    "RAW",
    "ConfigResult",
    "LiveResults",
    "LiveSettings",
    "Served",
    "ServerConfig",
    "cpu_plan",
    "load",
    "run_live",
    "server_configs",
    "serving",
]

ROOT = Path(__file__).resolve().parent.parent
MOCK, CEILING, RAW, MOCK_LIVE = "mock", "ceiling", "raw", "mock-live"
CEILING_HEADERS = "ceiling-headers"  # non-streaming only
_READY_TIMEOUT = 30.0
_STOP_TIMEOUT = 10.0

Progress = Callable[[str], None]


@dataclass(frozen=True)
class ServerConfig:
    """uvicorn's HTTP parser and event loop."""

    http: str
    loop: str

    @property
    def name(self) -> str:
        return f"{self.http} + {self.loop}"


def server_configs() -> tuple[list[ServerConfig], list[str]]:
    """The configurations that can run here, and the packages missing for the others."""
    configs = [ServerConfig("h11", "asyncio")]
    missing = [name for name in ("httptools", "uvloop") if importlib.util.find_spec(name) is None]
    if not missing:
        configs.append(ServerConfig("httptools", "uvloop"))
    return configs, missing


def cpu_plan() -> tuple[int | None, int | None]:
    """(server core, load generator core); (None, None) with fewer than two cores."""
    cores = sorted(os.sched_getaffinity(0))
    if len(cores) < 2:
        return None, None
    return cores[0], cores[1]


@dataclass(frozen=True)
class LiveSettings:
    """Connections and time windows (seconds); ``tiny()`` is for the smoke test."""

    connections: int = 64
    warmup: float = 3.0
    duration: float = 5.0
    check_warmup: float = 1.0  # raw-socket server and mock.live() runs
    check_duration: float = 3.0

    @classmethod
    def tiny(cls) -> LiveSettings:
        return cls(connections=4, warmup=0.1, duration=0.3, check_warmup=0.1, check_duration=0.3)

    def with_window(self, warmup: float | None, duration: float | None) -> LiveSettings:
        return replace(
            self,
            warmup=self.warmup if warmup is None else warmup,
            duration=self.duration if duration is None else duration,
        )


@dataclass(frozen=True)
class Served:
    port: int
    pid: int


def _read_ready(proc: subprocess.Popen[str], stdout: IO[str], errors: Path) -> int:
    deadline = time.monotonic() + _READY_TIMEOUT
    with selectors.DefaultSelector() as selector:
        selector.register(stdout, selectors.EVENT_READ)
        while time.monotonic() < deadline:
            if selector.select(timeout=0.1):
                line = stdout.readline()
                if line.startswith("READY "):
                    return int(line.split()[1])
                if not line:  # the process closed its stdout: it ended
                    break
            if proc.poll() is not None:
                break
    tail = errors.read_text(errors="replace")[-2000:]
    raise RuntimeError(f"the benchmark server did not start (exit {proc.poll()}):\n{tail}")


def _stop(proc: subprocess.Popen[str]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(_STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextmanager
def serving(
    app: str,
    config: ServerConfig,
    fixtures: Path,
    *,
    cpu: int | None,
    lifetime: float,
) -> Iterator[Served]:
    """One server process (``benchmarks._mock_serve``), stopped when the block ends."""
    command = [
        sys.executable,
        "-m",
        "benchmarks._mock_serve",
        "--app",
        app,
        "--fixtures",
        str(fixtures),
        "--loop",
        config.loop,
        "--http",
        config.http,
        "--lifetime",
        f"{lifetime:.1f}",
    ]
    if cpu is not None:
        command += ["--cpu", str(cpu)]
    errors = fixtures / f"server-{app}.stderr"
    with errors.open("w") as stderr:
        proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=stderr, text=True)
    assert proc.stdout is not None
    try:
        yield Served(_read_ready(proc, proc.stdout, errors), proc.pid)
    finally:
        _stop(proc)
        proc.stdout.close()


def load(
    served: Served,
    *,
    stream: bool,
    connections: int,
    warmup: float,
    duration: float,
    cpu: int | None,
    varied: bool = False,
) -> LoadResult:
    """One run of the load generator, in its own process, against ``served``.

    ``varied``: every request a different user message (``benchmarks._mock_varied``).
    """
    command = [
        sys.executable,
        "-m",
        "benchmarks._mock_varied" if varied else "benchmarks.loadgen",
        "--port",
        str(served.port),
        "--path",
        CHAT_PATH,
        "--body",
        request_body(stream=stream, varied=varied).decode(),
        "--header",
        f"{AUTH_HEADER[0]}: {AUTH_HEADER[1]}",
        "--connections",
        str(connections),
        "--warmup",
        str(warmup),
        "--duration",
        str(duration),
        "--watch-pid",
        str(served.pid),
    ]
    if stream:
        command.append("--stream")
    if cpu is not None:
        command += ["--cpu", str(cpu)]
    done = subprocess.run(
        command,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=warmup + duration + 30,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"the load generator failed:\n{done.stderr[-2000:]}")
    return LoadResult.from_json(done.stdout.strip().splitlines()[-1])


@dataclass
class ConfigResult:
    """What one uvicorn configuration measured: app name -> result, per request kind.

    ``requests`` repeat one request (the mock answers all but the first from
    its plan memo); ``varied`` (the mock only) sends a new user message each
    time, so every answer is generated.
    """

    config: ServerConfig
    requests: dict[str, LoadResult] = field(default_factory=dict)
    streams: dict[str, LoadResult] = field(default_factory=dict)
    varied: dict[str, LoadResult] = field(default_factory=dict)


@dataclass
class LiveResults:
    settings: LiveSettings
    server_cpu: int | None
    loadgen_cpu: int | None
    missing: list[str]
    answers: Answers
    configs: list[ConfigResult] = field(default_factory=list)
    # MockServer.live() as shipped, non-streaming, by its http= ("h11", "httptools")
    shipped_live: dict[str, LoadResult] = field(default_factory=dict)


def _measure_app(
    app: str,
    config: ServerConfig,
    fixtures: Path,
    settings: LiveSettings,
    result: ConfigResult,
    cores: tuple[int | None, int | None],
) -> None:
    check = app == RAW
    warmup = settings.check_warmup if check else settings.warmup
    duration = settings.check_duration if check else settings.duration
    lifetime = 2 * (warmup + duration + 10) + 30
    with serving(app, config, fixtures, cpu=cores[0], lifetime=lifetime) as served:
        kinds = [(False, result.requests), (True, result.streams)]
        for stream, into in kinds[:1] if app == CEILING_HEADERS else kinds:
            into[app] = load(
                served,
                stream=stream,
                connections=settings.connections,
                warmup=warmup,
                duration=duration,
                cpu=cores[1],
            )
        if app == MOCK:
            result.varied[app] = load(
                served,
                stream=False,
                connections=settings.connections,
                warmup=warmup,
                duration=duration,
                cpu=cores[1],
                varied=True,
            )


def run_live(
    settings: LiveSettings, answers: Answers, progress: Progress = lambda _: None
) -> LiveResults:
    """Every live measurement, one after the other."""
    configs, missing = server_configs()
    cores = cpu_plan()
    results = LiveResults(settings, cores[0], cores[1], missing, answers)
    with tempfile.TemporaryDirectory(prefix="openai-kit-mock-bench-") as folder:
        fixtures = Path(folder)
        answers.write(fixtures)
        for config in configs:
            result = ConfigResult(config)
            for app in (CEILING, MOCK, CEILING_HEADERS, RAW):
                progress(f"{config.name}: {app}")
                _measure_app(app, config, fixtures, settings, result, cores)
            results.configs.append(result)
        lifetime = settings.check_warmup + settings.check_duration + 40
        for config in configs:
            http = config.http
            progress(f"MockServer.live(http={http!r}) as shipped")
            app = MOCK_LIVE if http == "h11" else f"{MOCK_LIVE}-{http}"
            with serving(app, configs[0], fixtures, cpu=cores[0], lifetime=lifetime) as served:
                results.shipped_live[http] = load(
                    served,
                    stream=False,
                    connections=settings.connections,
                    warmup=settings.check_warmup,
                    duration=settings.check_duration,
                    cpu=cores[1],
                )
    return results
