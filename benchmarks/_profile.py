"""cProfile one implementation of one benchmark: where does its time go?

After a warm-up batch, one batch runs under the profiler; the report lists
the functions with the most time of their own, then the most cumulative
time, with paths shortened to ``openai_kit/...``, ``openai/...``,
``httpx/...``, ``pydantic/...`` so they read as ``file:line``.
"""

from __future__ import annotations

import asyncio
import cProfile
import io
import pstats
import re
import sysconfig
from contextlib import AsyncExitStack, ExitStack
from pathlib import Path

from ._cases import KIT
from .sdk_bench import BenchConfig, async_builder, sync_builder

__all__ = ["profile_benchmark"]

_ROOT = Path(__file__).resolve().parent.parent


def _shorten(text: str) -> str:
    prefixes = {
        str(_ROOT / "src") + "/",
        str(_ROOT) + "/",
        sysconfig.get_paths()["purelib"] + "/",
        sysconfig.get_paths()["platlib"] + "/",
        sysconfig.get_paths()["stdlib"] + "/",
    }
    for prefix in sorted(prefixes, key=len, reverse=True):
        text = text.replace(prefix, "")
    return re.sub(r"[ \t]+$", "", text, flags=re.MULTILINE)


def _profile_sync(key: str, config: BenchConfig, impl: str, profiler: cProfile.Profile) -> None:
    builder = sync_builder(key)
    if builder is None:
        raise KeyError(key)
    with ExitStack() as stack:
        case = builder(stack, config)[impl]
        case()
        profiler.enable()
        case()
        profiler.disable()


def _profile_async(key: str, config: BenchConfig, impl: str, profiler: cProfile.Profile) -> None:
    builder = async_builder(key)
    if builder is None:
        raise KeyError(key)

    async def main() -> None:
        async with AsyncExitStack() as stack:
            case = (await builder(stack, config))[impl]
            await case()
            profiler.enable()
            await case()
            profiler.disable()

    asyncio.run(main())


def profile_benchmark(key: str, config: BenchConfig, *, impl: str = KIT, top: int = 25) -> str:
    """The profile of one batch of ``impl`` in benchmark ``key``, as text."""
    profiler = cProfile.Profile()
    if sync_builder(key) is not None:
        _profile_sync(key, config, impl, profiler)
    elif async_builder(key) is not None:
        _profile_async(key, config, impl, profiler)
    else:
        raise KeyError(f"no benchmark named {key!r}")
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    out.write(f"== {impl}, {key}: by own time ==\n")
    stats.sort_stats(pstats.SortKey.TIME).print_stats(top)
    out.write(f"== {impl}, {key}: by cumulative time ==\n")
    stats.sort_stats(pstats.SortKey.CUMULATIVE).print_stats(top)
    return _shorten(out.getvalue())
