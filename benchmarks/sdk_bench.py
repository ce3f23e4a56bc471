"""The SDK benchmarks of issues 2 and 6, openai-kit side by side with the official package.

Each ``bench_*`` function runs one benchmark for all implementations and
returns what it measured; :func:`run_all` runs them in one process and
:mod:`benchmarks.run_sdk` prints the table. :meth:`BenchConfig.tiny` shrinks
every size so the smoke test can run each function in a moment.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from contextlib import AsyncExitStack, ExitStack
from dataclasses import dataclass, field, replace

from ._cases import (
    async_chat_cases,
    async_responses_sse_cases,
    async_sse_cases,
    sync_chat_cases,
    sync_embedding_cases,
    sync_responses_sse_cases,
    sync_sse_cases,
)
from ._import_bench import ImportResult, run_import_bench
from ._timing import AsyncCase, SyncCase, Timing, run_async_cases, run_sync_cases

__all__ = [
    "BENCHMARKS",
    "BenchConfig",
    "BenchResult",
    "Results",
    "Spec",
    "async_builder",
    "bench_chat_async",
    "bench_chat_sync",
    "bench_embeddings_base64",
    "bench_embeddings_float",
    "bench_import",
    "bench_responses_sse_async",
    "bench_responses_sse_sync",
    "bench_sse_async",
    "bench_sse_sync",
    "run_all",
    "sync_builder",
]


@dataclass(frozen=True)
class BenchConfig:
    """Sizes and repetitions. The defaults are the issues'; ``tiny()`` is for the smoke test.

    ``sse_streams`` is the number of streams per batch for chat and Responses streams alike.
    """

    import_runs: int = 10
    traced_runs: int = 3
    chat_calls: int = 200
    sse_chunks: int = 500
    sse_streams: int = 4
    responses_events: int = 500
    embed_rows: int = 100
    embed_dims: int = 1536
    repeats: int = 9
    embed_repeats: int = 7
    warmup: int = 1

    @classmethod
    def tiny(cls) -> BenchConfig:
        return cls(
            import_runs=1,
            traced_runs=1,
            chat_calls=2,
            sse_chunks=5,
            sse_streams=1,
            responses_events=9,
            embed_rows=2,
            embed_dims=8,
            repeats=1,
            embed_repeats=1,
            warmup=1,
        )

    def scaled(self, factor: float) -> BenchConfig:
        """Fewer (or more) repetitions and batch sizes; the payload sizes stay as they are."""

        def scale(value: int) -> int:
            return max(1, round(value * factor))

        return replace(
            self,
            import_runs=scale(self.import_runs),
            traced_runs=scale(self.traced_runs),
            chat_calls=scale(self.chat_calls),
            sse_streams=scale(self.sse_streams),
            repeats=max(3, scale(self.repeats)),
            embed_repeats=max(3, scale(self.embed_repeats)),
        )


@dataclass(frozen=True)
class Spec:
    """One throughput benchmark: its key, title, unit and the issue's goal."""

    key: str
    title: str
    unit: str
    goal: float | None  # openai-kit must be at least this many times the official rate


@dataclass
class BenchResult:
    spec: Spec
    timings: dict[str, Timing]
    ops_per_batch: int


@dataclass
class Results:
    config: BenchConfig
    imports: dict[str, ImportResult] = field(default_factory=dict)
    throughput: list[BenchResult] = field(default_factory=list)


SyncBuilder = Callable[[ExitStack, BenchConfig], Mapping[str, SyncCase]]
AsyncBuilder = Callable[[AsyncExitStack, BenchConfig], Awaitable[Mapping[str, AsyncCase]]]

CHAT_SYNC = Spec("chat-sync", "chat completion, sync", "call", 3.0)
CHAT_ASYNC = Spec("chat-async", "chat completion, async", "call", 3.0)
SSE_SYNC = Spec("sse-sync", "SSE chat stream, sync", "chunk", 4.0)
SSE_ASYNC = Spec("sse-async", "SSE chat stream, async", "chunk", 4.0)
RESPONSES_SYNC = Spec("responses-sse-sync", "Responses stream, sync", "event", 4.0)
RESPONSES_ASYNC = Spec("responses-sse-async", "Responses stream, async", "event", 4.0)
EMBED_FLOAT = Spec("embeddings-float", "embeddings as JSON floats", "response", 10.0)
EMBED_BASE64 = Spec("embeddings-base64", "embeddings as base64 (decoded)", "response", None)

_SYNC_BUILDERS: dict[str, SyncBuilder] = {
    CHAT_SYNC.key: lambda stack, c: sync_chat_cases(stack, c.chat_calls),
    SSE_SYNC.key: lambda stack, c: sync_sse_cases(stack, c.sse_chunks, c.sse_streams),
    RESPONSES_SYNC.key: lambda stack, c: sync_responses_sse_cases(
        stack, c.responses_events, c.sse_streams
    ),
    EMBED_FLOAT.key: lambda stack, c: sync_embedding_cases(
        stack, "float", c.embed_rows, c.embed_dims
    ),
    EMBED_BASE64.key: lambda stack, c: sync_embedding_cases(
        stack, "base64", c.embed_rows, c.embed_dims
    ),
}
_ASYNC_BUILDERS: dict[str, AsyncBuilder] = {
    CHAT_ASYNC.key: lambda stack, c: async_chat_cases(stack, c.chat_calls),
    SSE_ASYNC.key: lambda stack, c: async_sse_cases(stack, c.sse_chunks, c.sse_streams),
    RESPONSES_ASYNC.key: lambda stack, c: async_responses_sse_cases(
        stack, c.responses_events, c.sse_streams
    ),
}


def sync_builder(key: str) -> SyncBuilder | None:
    return _SYNC_BUILDERS.get(key)


def async_builder(key: str) -> AsyncBuilder | None:
    return _ASYNC_BUILDERS.get(key)


def _repeats(spec: Spec, config: BenchConfig) -> int:
    return config.embed_repeats if spec.unit == "response" else config.repeats


def _run_sync(spec: Spec, config: BenchConfig) -> BenchResult:
    with ExitStack() as stack:
        cases = _SYNC_BUILDERS[spec.key](stack, config)
        timings = run_sync_cases(cases, repeats=_repeats(spec, config), warmup=config.warmup)
    ops = next(iter(timings.values())).ops_per_batch
    return BenchResult(spec, timings, ops)


def _run_async(spec: Spec, config: BenchConfig) -> BenchResult:
    async def main() -> dict[str, Timing]:
        async with AsyncExitStack() as stack:
            cases = await _ASYNC_BUILDERS[spec.key](stack, config)
            return await run_async_cases(
                cases, repeats=_repeats(spec, config), warmup=config.warmup
            )

    timings = asyncio.run(main())
    ops = next(iter(timings.values())).ops_per_batch
    return BenchResult(spec, timings, ops)


def bench_import(config: BenchConfig) -> dict[str, ImportResult]:
    """1. ``import`` + ``OpenAI(api_key=...)`` in fresh interpreters: time, memory, modules."""
    return run_import_bench(runs=config.import_runs, traced_runs=config.traced_runs)


def bench_chat_sync(config: BenchConfig) -> BenchResult:
    """2a. Per-call overhead of a non-streaming chat completion, sync."""
    return _run_sync(CHAT_SYNC, config)


def bench_chat_async(config: BenchConfig) -> BenchResult:
    """2b. Per-call overhead of a non-streaming chat completion, async."""
    return _run_async(CHAT_ASYNC, config)


def bench_sse_sync(config: BenchConfig) -> BenchResult:
    """3a. Chunks per second through ``stream=True``, sync."""
    return _run_sync(SSE_SYNC, config)


def bench_sse_async(config: BenchConfig) -> BenchResult:
    """3b. Chunks per second through ``stream=True``, async."""
    return _run_async(SSE_ASYNC, config)


def bench_responses_sse_sync(config: BenchConfig) -> BenchResult:
    """3c. Typed Responses events per second through ``responses.create(stream=True)``, sync."""
    return _run_sync(RESPONSES_SYNC, config)


def bench_responses_sse_async(config: BenchConfig) -> BenchResult:
    """3d. Typed Responses events per second through ``responses.create(stream=True)``, async."""
    return _run_async(RESPONSES_ASYNC, config)


def bench_embeddings_float(config: BenchConfig) -> BenchResult:
    """4a. One embeddings response of JSON floats, parsed."""
    return _run_sync(EMBED_FLOAT, config)


def bench_embeddings_base64(config: BenchConfig) -> BenchResult:
    """4b. One embeddings response of base64 vectors, decoded to floats."""
    return _run_sync(EMBED_BASE64, config)


BENCHMARKS: dict[str, Callable[[BenchConfig], BenchResult]] = {
    CHAT_SYNC.key: bench_chat_sync,
    CHAT_ASYNC.key: bench_chat_async,
    SSE_SYNC.key: bench_sse_sync,
    SSE_ASYNC.key: bench_sse_async,
    RESPONSES_SYNC.key: bench_responses_sse_sync,
    RESPONSES_ASYNC.key: bench_responses_sse_async,
    EMBED_FLOAT.key: bench_embeddings_float,
    EMBED_BASE64.key: bench_embeddings_base64,
}


def run_all(
    config: BenchConfig,
    *,
    only: tuple[str, ...] = (),
    progress: Callable[[str], None] | None = None,
) -> Results:
    """Every benchmark (or those named in ``only``; ``"import"`` names the import one)."""
    results = Results(config)
    wanted = only or ("import", *BENCHMARKS)
    if "import" in wanted:
        if progress:
            progress("import")
        results.imports = bench_import(config)
    for key, bench in BENCHMARKS.items():
        if key in wanted:
            if progress:
                progress(key)
            results.throughput.append(bench(config))
    return results
