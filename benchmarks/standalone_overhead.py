"""What the request log and the dashboard's observations cost the live server; prints Markdown.

    .venv/bin/python benchmarks/standalone_overhead.py [--rounds 3] [--duration 5] [--tiny]

The bare mock app (``mock``) and the app the CLI serves (``mock-standalone``:
the same mock behind the request log and the observation log) under the same
uvicorn settings, servers and load generator in separate processes as
``benchmarks/mock_server.py`` runs them, in alternating rounds of one run, for
non-streaming and streaming chat completions. Medians over the rounds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._mock_live import cpu_plan, load, server_configs, serving
from benchmarks._mock_payloads import capture_answers

APPS = ("mock", "mock-standalone")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="standalone_overhead.py")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--duration", type=float, default=5.0)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--tiny", action="store_true", help="tiny windows: checks the harness")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if args.tiny:
        args.rounds, args.warmup, args.duration = 1, 0.2, 0.5
    config = server_configs()[0][0]
    cores = cpu_plan()
    rates: dict[tuple[str, bool], list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="openai-kit-standalone-bench-") as folder:
        fixtures = Path(folder)
        capture_answers().write(fixtures)
        lifetime = 2 * (args.warmup + args.duration + 10) + 30
        for number in range(args.rounds):
            for app in APPS if number % 2 == 0 else APPS[::-1]:
                print(f"  round {number + 1}: {app} ...", file=sys.stderr, flush=True)
                with serving(app, config, fixtures, cpu=cores[0], lifetime=lifetime) as served:
                    for stream in (False, True):
                        result = load(
                            served,
                            stream=stream,
                            connections=args.connections,
                            warmup=args.warmup,
                            duration=args.duration,
                            cpu=cores[1],
                        )
                        rates.setdefault((app, stream), []).append(result.rps)
    print(
        f"uvicorn {config.name}, {args.connections} connections, {args.rounds} round(s) of "
        f"{args.duration:g} s; medians (requests/s).\n"
    )
    print("| answer | bare mock app | as the CLI serves it (log + observations) | cost |")
    print("|---|---|---|---|")
    for stream in (False, True):
        bare = statistics.median(rates[("mock", stream)])
        served = statistics.median(rates[("mock-standalone", stream)])
        cost = (1 - served / bare) * 100 if bare else float("nan")
        kind = "streamed chat completion" if stream else "chat completion"
        print(f"| {kind} | {bare:,.0f} | {served:,.0f} | {cost:.1f}% |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
