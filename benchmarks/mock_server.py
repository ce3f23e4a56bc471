"""The mock server benchmarks of issue 3, side by side in one run; prints Markdown.

    .venv/bin/python benchmarks/mock_server.py                    everything (about 2 minutes)
    .venv/bin/python benchmarks/mock_server.py --only live        only the uvicorn measurements
    .venv/bin/python benchmarks/mock_server.py --only inprocess   only the in-process overhead
    .venv/bin/python benchmarks/mock_server.py --only standalone  only the CLI's app vs the bare mock
    .venv/bin/python benchmarks/mock_server.py --profile          always profile the mock
    .venv/bin/python benchmarks/mock_server.py --tiny             tiny windows: checks the harness
    .venv/bin/python benchmarks/mock_server.py --write benchmarks/README.md

Live: requests/s and p50/p99 latency of non-streaming chat completions, and
events/s of streaming ones, with 64 keep-alive connections, the mock against
a minimal Starlette app serving the mock's own answer (the ceiling of the
stack), under each uvicorn configuration that is installed; servers and the
load generator (``benchmarks/loadgen.py``) in separate processes on separate
cores. A raw-socket server checks what the load generator can drive.
Standalone (issue 18): the bare mock app against the app the CLI serves
(request log + the dashboard's observations) under each uvicorn
configuration, both loaded at once in each round (``--standalone-rounds``,
default 20), the cost read per round. In process: the SDK through ``mock.client()`` against ``httpx.MockTransport``
with a fixed body. When the mock misses a goal (or with ``--profile``), a
cProfile of the mock's app lists its hot spots. Progress goes to stderr;
``--write FILE`` also puts the report between the mock-bench markers of FILE.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._mock_inprocess import InprocessConfig, Profile, bench_inprocess, profile_mock
from benchmarks._mock_live import LiveSettings, run_live, server_configs
from benchmarks._mock_payloads import capture_answers
from benchmarks._mock_report import Report, goals_missed, load_average, render, write_section
from benchmarks._mock_standalone import ROUND_SECONDS, ROUND_WARMUP, run_standalone

__all__ = ["main", "parse_args"]

PARTS = ("live", "standalone", "inprocess")


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="mock_server.py", description="mock server vs the ceiling of its stack"
    )
    parser.add_argument("--only", nargs="+", choices=PARTS, default=PARTS, help="run only these")
    parser.add_argument("--profile", action="store_true", help="profile even if goals are met")
    parser.add_argument("--tiny", action="store_true", help="tiny windows: numbers meaningless")
    parser.add_argument("--warmup", type=float, help="seconds of warm-up per live cell")
    parser.add_argument("--duration", type=float, help="seconds measured per live cell")
    parser.add_argument("--connections", type=int, help="concurrent connections (default 64)")
    parser.add_argument(
        "--standalone-rounds", type=int, default=20, help="rounds of the standalone comparison"
    )
    parser.add_argument("--write", type=Path, help="also write the report into this Markdown file")
    return parser.parse_args(argv)


def _say(text: str) -> None:
    print(f"  {text} ...", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    settings = LiveSettings.tiny() if args.tiny else LiveSettings()
    settings = settings.with_window(args.warmup, args.duration)
    if args.connections:
        settings = LiveSettings(
            args.connections,
            settings.warmup,
            settings.duration,
            settings.check_warmup,
            settings.check_duration,
        )
    inprocess_config = InprocessConfig.tiny() if args.tiny else InprocessConfig()
    profile_requests = 20 if args.tiny else 500

    load_before = load_average()
    started = time.perf_counter()
    answers = capture_answers()
    live = run_live(settings, answers, _say) if "live" in args.only else None
    standalone = []
    if "standalone" in args.only:
        rounds = 1 if args.tiny else args.standalone_rounds
        windows = settings if args.tiny else settings.with_window(ROUND_WARMUP, ROUND_SECONDS)
        standalone = run_standalone(server_configs()[0], answers, windows, rounds, _say)
    inprocess = []
    if "inprocess" in args.only:
        _say("in process")
        inprocess = bench_inprocess(answers, inprocess_config)
    missed_requests, missed_streams = goals_missed(live) if live else (False, False)
    profiles: list[Profile] = []
    if args.profile or missed_requests:
        _say("profiling the mock, non-streaming")
        profiles.append(profile_mock(stream=False, requests=profile_requests))
    if args.profile or missed_streams:
        _say("profiling the mock, streaming")
        profiles.append(profile_mock(stream=True, requests=profile_requests // 2))
    report = Report(
        live=live,
        standalone=standalone,
        inprocess=inprocess,
        profiles=profiles,
        load_before=load_before,
        load_after=load_average(),
        seconds=time.perf_counter() - started,
    )
    section = render(report)
    print(section)
    if args.write:
        write_section(args.write, section)
        print(f"written to {args.write}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
