"""Vector store speed, in-process: index N text files of ~4 KB into one store, then run
M searches; report indexing time, search p50/p99 and searches per second.

    .venv/bin/python benchmarks/retrieval.py                # 1,000 files, 1,000 searches
    .venv/bin/python benchmarks/retrieval.py --files 50 --searches 20

Requests go through the mock's in-process transport (``mock.transport()``), so
each search is measured with its HTTP handling, as a test would see it. Files
are deterministic prose from the mock's word list; queries mix two to four of
those words. Measures only; never asserts a time.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from typing import Any

import httpx

from openai_kit.mockserver import MockServer
from openai_kit.mockserver.generation.vocab import vocab

AUTH = {"Authorization": "Bearer sk-bench"}


def _words() -> list[str]:
    """A few thousand distinct words: lorem, names, cities, jobs (prose needs a long tail)."""
    lists = vocab()
    pool = {w.lower() for w in lists.words}
    for group in (lists.first_names, lists.last_names, lists.cities, lists.jobs, lists.companies):
        pool.update(part.lower() for entry in group for part in entry.replace(",", " ").split())
    return sorted(w for w in pool if w.isalpha())


WORDS = _words()


def _text(rng: random.Random, size: int) -> bytes:
    words: list[str] = []
    length = 0
    while length < size:
        sentence = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 14)))
        words.append(sentence.capitalize() + ".")
        length += len(sentence) + 2
    return " ".join(words).encode()


def run(files: int = 1000, searches: int = 1000, size: int = 4096, seed: int = 0) -> dict[str, Any]:
    """Index ``files`` files into one store, then time ``searches`` searches."""
    rng = random.Random(seed)
    mock = MockServer(seed=seed, clock=lambda: 1_700_000_000)
    with httpx.Client(transport=mock.transport(), base_url="http://bench/v1", headers=AUTH) as http:
        ids = []
        for number in range(files):
            upload = {"file": (f"doc{number}.txt", _text(rng, size))}
            ids.append(
                http.post("/files", files=upload, data={"purpose": "assistants"}).json()["id"]
            )
        static = {"max_chunk_size_tokens": 100, "chunk_overlap_tokens": 30}
        body = {"file_ids": ids[:500], "chunking_strategy": {"type": "static", "static": static}}
        started = time.perf_counter()
        store = http.post("/vector_stores", json=body).json()["id"]
        for start in range(500, files, 500):
            batch = {
                "file_ids": ids[start : start + 500],
                "chunking_strategy": body["chunking_strategy"],
            }
            http.post(f"/vector_stores/{store}/file_batches", json=batch)
        mock.advance(1)
        done = http.get(f"/vector_stores/{store}").json()
        indexing = time.perf_counter() - started
        chunks = _chunks(mock)
        timings = []
        for _ in range(searches):
            query = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 4)))
            began = time.perf_counter()
            http.post(f"/vector_stores/{store}/search", json={"query": query})
            timings.append(time.perf_counter() - began)
    timings.sort()
    return {
        "files": files,
        "completed": done["file_counts"]["completed"],
        "chunks": chunks,
        "indexing_s": indexing,
        "p50_ms": 1000 * statistics.median(timings) if timings else 0.0,
        "p99_ms": 1000 * timings[min(len(timings) - 1, int(len(timings) * 0.99))]
        if timings
        else 0.0,
        "searches_per_s": len(timings) / sum(timings) if timings else 0.0,
    }


def _chunks(mock: MockServer) -> int:
    from openai_kit.mockserver.api.vector_stores.store import VectorStoresStore

    return mock.state.get(VectorStoresStore).chunk_count()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--searches", type=int, default=1000)
    args = parser.parse_args()
    result = run(args.files, args.searches)
    print(
        f"{result['files']} files ({result['completed']} completed, {result['chunks']} chunks): "
        f"indexing {result['indexing_s']:.2f} s; search p50 {result['p50_ms']:.2f} ms, "
        f"p99 {result['p99_ms']:.2f} ms, {result['searches_per_s']:.0f} searches/s"
    )


if __name__ == "__main__":
    main()
