"""``benchmarks/plugin_overhead.py`` runs end to end at a tiny size, so it cannot rot.

Nothing here looks at a time: every variant must produce a measurement (or
say why it could not), a failing suite must be reported as failed rather than
timed, the report must render, and ``--write`` must touch only its block.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from benchmarks._report import machine
from benchmarks.plugin_overhead import (
    BEGIN,
    END,
    SECTION_HEADING,
    VARIANTS,
    Variant,
    bench,
    main,
    plugin_arguments,
    record_cassette,
    render,
    write_section,
    write_suite,
)


def quiet(message: str) -> None:
    del message


def by_key(key: str) -> Variant:
    return next(variant for variant in VARIANTS if variant.key == key)


def test_each_variant_leaves_on_only_its_own_plugin() -> None:
    kit, _ = plugin_arguments(by_key("kit-fixture"))
    responses, reason = plugin_arguments(by_key("openai-responses"))
    bare, _ = plugin_arguments(by_key("bare-official"))
    assert reason is None  # openai-responses is a dev dependency
    assert "no:openai_responses" in kit and "no:openai_kit" not in kit
    assert "no:openai_kit" in responses and "no:openai_responses" not in responses
    assert {"no:openai_kit", "no:openai_responses", "no:recording"} <= set(bare)


def test_a_missing_plugin_is_reported_not_measured() -> None:
    variant = dataclasses.replace(
        by_key("openai-responses"), plugins=frozenset({"no_such_plugin.plugin"})
    )
    _, reason = plugin_arguments(variant)
    assert reason == "no_such_plugin is not installed"


def test_suites_hold_the_real_and_the_empty_tests(tmp_path: Path) -> None:
    cassette = tmp_path / "hello.yaml"
    record_cassette(cassette)
    assert "interactions:" in cassette.read_text()
    write_suite(tmp_path / "first", by_key("kit-cassette"), 60, 1, cassette)
    modules = sorted((tmp_path / "first").glob("test_generated_*.py"))
    assert [m.name for m in modules] == ["test_generated_000.py", "test_generated_001.py"]
    text = "".join(m.read_text() for m in modules)
    assert text.count("def test_chat_") == 1 and text.count("def test_empty_") == 59
    assert text.count("import pytest") == 2  # the header is in every module, empty ones too
    assert repr(str(cassette)) in text


def test_a_failing_suite_is_reported_as_failed() -> None:
    broken = dataclasses.replace(
        by_key("bare-kit"), key="broken", test="\ndef test_chat_{number}():\n    assert False\n"
    )
    [result] = bench([broken], 2, 1, quiet)
    assert not result.ok
    assert result.error is not None and result.error.startswith("failed: ")
    assert "1 failed" in result.error


@pytest.mark.slow
def test_every_variant_is_measured_and_the_report_renders(tmp_path: Path) -> None:
    results = bench(VARIANTS, 2, 1, quiet)
    for result in results:
        assert result.ok, (result.variant.key, result.error)
        assert len(result.rounds) == 1 and len(result.per_test_values()) == 1
    text = render(results, tests=2, rounds=1, seconds=1.0, info=machine())
    assert "| variant | options | per test, median (range) |" in text
    for variant in VARIANTS:
        assert f"| {variant.name} |" in text
    assert "| 1.0x |" in text  # openai_client against itself
    assert "| 93 ms |" in text and "| 3.6 ms |" in text  # the figures beside ours
    assert "not measured" not in text and "failed" not in text


def test_write_replaces_only_the_marked_block(tmp_path: Path) -> None:
    target = tmp_path / "README.md"
    target.write_text(f"# Benchmarks\n\nbefore\n\n{BEGIN}\nold\n{END}\n\nafter\n")
    write_section(target, "new\n")
    assert target.read_text() == f"# Benchmarks\n\nbefore\n\n{BEGIN}\nnew\n{END}\n\nafter\n"


def test_write_appends_a_section_with_the_markers_when_absent(tmp_path: Path) -> None:
    target = tmp_path / "README.md"
    target.write_text("# Benchmarks\n\nother text\n")
    write_section(target, "table\n")
    text = target.read_text()
    assert text.startswith("# Benchmarks\n\nother text\n\n" + SECTION_HEADING + "\n")
    assert text.endswith(f"{BEGIN}\ntable\n{END}\n")
    write_section(target, "again\n")
    assert target.read_text() == text.replace("table\n", "again\n")


def test_the_command_line_runs_and_writes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "README.md"
    target.write_text(f"intro\n\n{BEGIN}\n{END}\n")
    assert main(["--tiny", "--only", "bare-kit", "--write", str(target)]) == 0
    out = capsys.readouterr().out
    assert "| bare `httpx.MockTransport` fixture, openai-kit client |" in out
    assert "3 generated tests per suite, 1 round(s)" in out
    assert target.read_text() == f"intro\n\n{BEGIN}\n{out}{END}\n"
