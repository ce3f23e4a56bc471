"""Per-test cost of a test whose client retries once (a 500, then the answer): real sleep vs the mock's clock.

    .venv/bin/python benchmarks/plugin_retry.py                      50 tests x 3 rounds (~3 min)
    .venv/bin/python benchmarks/plugin_retry.py --tests 100 --rounds 5
    .venv/bin/python benchmarks/plugin_retry.py --tiny               harness check, numbers meaningless
    .venv/bin/python benchmarks/plugin_retry.py --write benchmarks/README.md

Both variants run in one process of this script, on the harness of
``plugin_overhead.py`` (generated suites of N real and N empty tests, each in a
fresh ``python -m pytest -q``; per test = (T(N real) - T(N empty)) / N): each
test uses the ``openai_client`` fixture under
``@pytest.mark.openai_fault(faults.status(500), times=1)``, so the client gets
a 500, waits its back-off and gets the answer.

- ``retry-real-sleep``: ``--openai-real-sleep``, the client sleeps its back-off
  (0.5 s less up to a quarter of jitter), as before the plugin took over the waits.
- ``retry-clock``: the default, the wait advances ``openai_mock``'s clock.
- ``no-retry``: the same test without the fault, for the cost of the retry itself.

``--write`` replaces only the block between ``<!-- plugin-retry:begin -->`` and
``<!-- plugin-retry:end -->`` (appending a section when they are absent). Nothing
here asserts a time.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import plugin_overhead as overhead
from benchmarks._plugin_suites import KIT_HEADER, KIT_PLUGIN, Variant
from benchmarks._report import Machine
from benchmarks.plugin_overhead import PER_TEST_GOAL, VariantResult

__all__ = ["BEGIN", "END", "VARIANTS", "main", "render", "write_section"]

BEGIN = "<!-- plugin-retry:begin -->"
END = "<!-- plugin-retry:end -->"
SECTION_HEADING = "## pytest plugin: a test with one retry (issue 12)"

RETRY_HEADER = "import pytest\nfrom openai_kit.mockserver import faults\n" + KIT_HEADER
RETRY_TEST = """
@pytest.mark.openai_fault(faults.status(500), operation="chat.completions.create", times=1)
def test_chat_{number}(openai_client, openai_mock):
    completion = openai_client.{create}
    assert completion.choices[0].message.content
    assert [r.status for r in openai_mock.requests] == [500, 200]
"""

VARIANTS: tuple[Variant, ...] = (
    Variant(
        "retry-real-sleep",
        "500 then success, `--openai-real-sleep` (before: the client sleeps)",
        frozenset({KIT_PLUGIN}),
        RETRY_HEADER,
        RETRY_TEST,
        extra_args=("--openai-real-sleep",),
    ),
    Variant(
        "retry-clock",
        "500 then success, default (after: the wait advances the mock's clock)",
        frozenset({KIT_PLUGIN}),
        RETRY_HEADER,
        RETRY_TEST,
        goal=True,
    ),
    Variant(
        "no-retry",
        "one success, no fault (the same test without the retry, for reference)",
        frozenset({KIT_PLUGIN}),
        RETRY_HEADER,
        RETRY_TEST.replace(
            '@pytest.mark.openai_fault(faults.status(500), operation="chat.completions.create", times=1)\n',
            "",
        ).replace("[500, 200]", "[200]"),
    ),
)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms" if abs(seconds) >= 0.1 else f"{seconds * 1000:.2f} ms"


def render(
    results: Sequence[VariantResult], *, tests: int, rounds: int, seconds: float, info: Machine
) -> str:
    lines = [
        f"Run of {info.date}: {info.python}; {info.versions}.",
        f"CPU: {info.cpu}, {info.cores} cores. Load average (1/5/15 min) before the run"
        f" {info.load_before}; the whole run took {seconds:.0f} s.",
        "",
        f"{tests} generated tests per suite, {rounds} round(s); medians over the rounds.",
        "",
        "| variant | options | per test, median (range) | each later test | goal ≤ 5 ms (later) |",
        "|---|---|---|---|---|",
    ]
    for result in results:
        variant = result.variant
        options = " ".join(variant.extra_args) or "(none)"
        head = f"| {variant.name} | `{options}` |"
        if not result.ok:
            lines.append(f"{head} {result.error} | | |")
            continue
        values = result.per_test_values()
        spread = f"{_ms(min(values))} to {_ms(max(values))}" if len(values) > 1 else "one round"
        goal = ("**yes**" if result.steady <= PER_TEST_GOAL else "**no**") if variant.goal else ""
        lines.append(f"{head} {_ms(result.per_test)} ({spread}) | {_ms(result.steady)} | {goal} |")
    done = {result.variant.key: result for result in results if result.ok}
    if {"retry-real-sleep", "retry-clock"} <= done.keys():
        saved = done["retry-real-sleep"].per_test - done["retry-clock"].per_test
        lines += ["", f"The simulated clock saves {_ms(saved)} per such test."]
    lines += [
        "",
        f"Per test = (T({tests} tests) - T({tests} empty tests)) / {tests}, wall time of"
        " `python -m pytest -q` in a fresh interpreter (see the plugin table above for the"
        " method); each later test = (T(N real) - T(1 real + N-1 empty)) / (N - 1), leaving out"
        " the one-time imports the first test pays, which a suite this small spreads over few"
        " tests. The goal (issue 12): a test with one 500-then-success retry costs each later"
        " test under 5 ms with the fixtures' defaults.",
    ]
    return "\n".join(lines) + "\n"


def write_section(path: Path, section: str) -> None:
    """Put ``section`` between this benchmark's markers in ``path``, touching nothing else."""
    intro = (
        f"{SECTION_HEADING}\n\nPer-test cost of a test whose client retries a 500 once,"
        " before and after retry waits moved to the mock's clock, written by"
        " `benchmarks/plugin_retry.py --write`.\n\n"
    )
    overhead.write_section(path, section, markers=(BEGIN, END), intro=intro)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="plugin_retry.py", description=(__doc__ or "").splitlines()[0]
    )
    overhead.size_options(parser, 50)
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    overhead.check_sizes(parser, args, 2)
    return overhead.measure(VARIANTS, args, render, write_section)


if __name__ == "__main__":
    raise SystemExit(main())
