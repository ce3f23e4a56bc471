"""What the request log and the dashboard's observations cost the live server; prints Markdown.

    .venv/bin/python benchmarks/standalone_overhead.py [--rounds 20] [--duration 2] [--tiny]
    .venv/bin/python benchmarks/standalone_overhead.py --only inprocess [--profile]

Live: the bare mock app (``mock``) and the app the CLI serves
(``mock-standalone``) under each installed uvicorn configuration, both
loaded at once in each round of one run (``benchmarks/_mock_standalone.py``; the same
rows are part of ``benchmarks/mock_server.py``'s report). In process: µs of
CPU time per ASGI call of the bare app, the standalone app without sinks and with the
request log; ``--profile`` adds a cProfile of the last.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._mock_live import LiveSettings, server_configs
from benchmarks._mock_payloads import capture_answers
from benchmarks._mock_standalone import (
    ROUND_SECONDS,
    ROUND_WARMUP,
    inprocess_costs,
    profile_standalone,
    run_standalone,
    standalone_table,
)

PARTS = ("live", "inprocess")


def _say(text: str) -> None:
    print(f"  {text} ...", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="standalone_overhead.py")
    parser.add_argument("--only", nargs="+", choices=PARTS, default=PARTS, help="run only these")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--warmup", type=float, default=ROUND_WARMUP)
    parser.add_argument("--duration", type=float, default=ROUND_SECONDS)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--profile", action="store_true", help="cProfile the standalone app")
    parser.add_argument("--tiny", action="store_true", help="tiny windows: checks the harness")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if args.tiny:
        args.rounds, args.warmup, args.duration = 1, 0.2, 0.5
    answers = capture_answers()
    loads = " / ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"Load average (1/5/15 min) before the run: {loads}.\n")
    if "live" in args.only:
        settings = LiveSettings(args.connections, args.warmup, args.duration)
        results = run_standalone(server_configs()[0], answers, settings, args.rounds, _say)
        print(
            f"{args.connections} connections (half on each app), {args.rounds} round(s) of "
            f"{args.warmup:g} s warm-up + {args.duration:g} s per answer, both apps at once.\n"
        )
        print("\n".join(standalone_table(results)) + "\n")
    if "inprocess" in args.only:
        _say("in process")
        calls, batches = (50, 3) if args.tiny else (500, 60)
        costs = inprocess_costs(answers, calls=calls, batches=batches)
        bare = next(iter(costs.values()))
        print("| in process, CPU time per ASGI call (chat completion) | µs | added |")
        print("|---|---|---|")
        for name, micros in costs.items():
            print(f"| {name} | {micros:.1f} | {micros - bare:+.1f} |")
        if args.profile:
            print("\n```\n" + profile_standalone(answers, calls=200 if args.tiny else 5000))
            print("```")
    loads = " / ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"\nLoad average (1/5/15 min) after the run: {loads}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
