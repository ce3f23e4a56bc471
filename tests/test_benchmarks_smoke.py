"""The SDK benchmarks run end to end at tiny sizes, so they cannot rot.

Nothing here looks at a time: each benchmark must produce a result for
every implementation, the table must render, ``--write`` must replace its
section, and the profiler must name functions.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks._cases import KIT, OFFICIAL, RAW
from benchmarks._import_bench import IMPORT_TARGETS, KIT_READY
from benchmarks._payloads import (
    chat_completion_body,
    chat_stream_events,
    embedding_bodies,
    responses_stream_events,
)
from benchmarks._profile import profile_benchmark
from benchmarks._report import BEGIN, END, machine, render, write_section
from benchmarks.run_sdk import main
from benchmarks.sdk_bench import (
    BENCHMARKS,
    BenchConfig,
    Results,
    bench_import,
)

TINY = BenchConfig.tiny()


def test_payloads_have_the_requested_shape() -> None:
    assert 800 <= len(chat_completion_body()) <= 1400
    events = chat_stream_events(500)
    assert len(events) == 501  # 500 chunks, then [DONE]
    assert events[-1] == b"data: [DONE]\n\n"
    assert all(b'"object":"chat.completion.chunk"' in event for event in events[:-1])
    bodies = embedding_bodies(3, 16)
    assert bodies.floats.count(b'"object": "embedding"') == 3
    assert bodies.base64.count(b'"object": "embedding"') == 3


def test_responses_stream_is_framed_like_the_real_api() -> None:
    events = responses_stream_events(500)
    assert len(events) == 500  # no [DONE]: the stream ends with response.completed
    payloads = []
    for number, event in enumerate(events):
        head, data, rest = event.decode().split("\n", 2)
        assert rest == "\n"
        payload = json.loads(data.removeprefix("data: "))
        assert head == f"event: {payload['type']}"
        assert payload["sequence_number"] == number
        payloads.append(payload)
    kinds = [payload["type"] for payload in payloads]
    assert kinds[:4] == [
        "response.created",
        "response.in_progress",
        "response.output_item.added",
        "response.content_part.added",
    ]
    assert kinds[4:-4] == ["response.output_text.delta"] * 492
    assert kinds[-4:] == [
        "response.output_text.done",
        "response.content_part.done",
        "response.output_item.done",
        "response.completed",
    ]
    text = "".join(payload["delta"] for payload in payloads[4:-4])
    assert payloads[-4]["text"] == text
    final = payloads[-1]["response"]
    assert final["status"] == "completed"
    assert final["output"][0]["content"][0]["text"] == text
    assert final["usage"]["output_tokens"] == 492


@pytest.mark.parametrize("key", list(BENCHMARKS))
def test_each_throughput_benchmark_produces_a_result(key: str) -> None:
    result = BENCHMARKS[key](TINY)
    assert result.spec.key == key
    assert set(result.timings) == {KIT, OFFICIAL, RAW}
    for timing in result.timings.values():
        assert len(timing.per_op) == TINY.repeats
        assert all(value > 0 for value in timing.per_op)
    assert result.ops_per_batch > 0


@pytest.mark.slow
def test_import_benchmark_measures_every_target() -> None:
    imports = bench_import(TINY)
    assert set(imports) == set(IMPORT_TARGETS)
    for result in imports.values():
        assert len(result.samples) == TINY.import_runs
        assert len(result.traced_peaks) == TINY.traced_runs
        assert result.median_seconds > 0
        assert result.modules > 0
        assert result.median_traced_mib > 0
    # the official package loads more modules than httpx on its own
    assert imports[OFFICIAL].modules > imports[RAW].modules
    assert imports[KIT_READY].modules >= imports[KIT].modules


def test_report_renders_and_write_replaces_only_its_section(tmp_path: Path) -> None:
    results = Results(TINY, throughput=[BENCHMARKS["chat-sync"](TINY)])
    section = render(results, machine(), 1.0)
    assert "| chat completion, sync (calls/s) |" in section
    assert "≥ 3x" in section

    readme = tmp_path / "README.md"
    readme.write_text("# Benchmarks\n\nintro\n")
    write_section(readme, section)
    write_section(readme, "second run\n")
    text = readme.read_text()
    assert text.startswith("# Benchmarks\n\nintro\n")
    assert text.count(BEGIN) == 1
    assert text.count(END) == 1
    assert "second run" in text
    assert "chat completion, sync" not in text


@pytest.mark.parametrize("key", ["chat-sync", "sse-async", "responses-sse-sync"])
def test_profile_names_hot_functions(key: str) -> None:
    report = profile_benchmark(key, TINY, top=5)
    assert "by own time" in report
    assert "by cumulative time" in report
    assert "function calls" in report


def test_runner_prints_a_markdown_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "bench.md"
    only = ["sse-sync", "responses-sse-async"]
    assert main(["--tiny", "--only", *only, "--write", str(target)]) == 0
    printed = capsys.readouterr().out
    assert "| SSE chat stream, sync (chunks/s) |" in printed
    assert "| Responses stream, async (events/s) |" in printed
    assert BEGIN in target.read_text()
