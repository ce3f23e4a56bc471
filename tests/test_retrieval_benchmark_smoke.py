"""The vector store benchmark runs end to end at a tiny size (results come out; no timing)."""

from __future__ import annotations

from benchmarks.retrieval import run


def test_retrieval_benchmark_reports() -> None:
    result = run(files=5, searches=3, size=600)
    assert result["completed"] == 5 and result["chunks"] >= 5
    assert result["p50_ms"] > 0 and result["searches_per_s"] > 0
