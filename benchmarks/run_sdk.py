"""Run the SDK benchmarks and print a Markdown table.

    .venv/bin/python benchmarks/run_sdk.py                      everything (about 1-2 minutes)
    .venv/bin/python benchmarks/run_sdk.py --quick              a third of the repetitions
    .venv/bin/python benchmarks/run_sdk.py --tiny               tiny sizes: checks the harness only
    .venv/bin/python benchmarks/run_sdk.py --only chat-sync sse-sync responses-sse-sync
    .venv/bin/python benchmarks/run_sdk.py --write benchmarks/README.md
    .venv/bin/python benchmarks/run_sdk.py --profile chat-sync [--impl openai]

``--write`` replaces the section between the sdk-bench markers in the given
file. ``--profile`` runs no benchmark: it cProfiles one batch of one
implementation and prints the hot spots.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._cases import KIT, OFFICIAL, RAW
from benchmarks._profile import profile_benchmark
from benchmarks._report import machine, render, write_section
from benchmarks.sdk_bench import BENCHMARKS, BenchConfig, run_all

CHOICES = ("import", *BENCHMARKS)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="run_sdk.py", description="openai-kit vs openai: SDK benchmarks"
    )
    parser.add_argument("--only", nargs="+", choices=CHOICES, default=(), help="run only these")
    parser.add_argument("--quick", action="store_true", help="a third of the repetitions (noisier)")
    parser.add_argument(
        "--tiny", action="store_true", help="tiny sizes: checks the harness, numbers meaningless"
    )
    parser.add_argument("--write", type=Path, help="also write the table into this Markdown file")
    parser.add_argument(
        "--profile", choices=tuple(BENCHMARKS), help="cProfile one batch instead of timing"
    )
    parser.add_argument("--impl", choices=(KIT, OFFICIAL, RAW), default=KIT)
    parser.add_argument("--top", type=int, default=25, help="rows per profile listing")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    config = BenchConfig()
    if args.quick:
        config = config.scaled(1 / 3)
    if args.tiny:
        config = BenchConfig.tiny()
    if args.profile:
        print(profile_benchmark(args.profile, config, impl=args.impl, top=args.top))
        return 0
    where = machine()
    start = time.perf_counter()
    results = run_all(
        config,
        only=tuple(args.only),
        progress=lambda key: print(f"running {key} ...", file=sys.stderr, flush=True),
    )
    section = render(results, where, time.perf_counter() - start)
    print(section)
    if args.write:
        write_section(args.write, section)
        print(f"written to {args.write}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
