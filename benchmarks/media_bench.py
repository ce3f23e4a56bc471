"""Media through the mock, in process, openai-kit side by side with the official package.

    .venv/bin/python benchmarks/media_bench.py                 # the table, ~1-2 min on 2 cores
    .venv/bin/python benchmarks/media_bench.py --quick         # fewer repetitions
    .venv/bin/python benchmarks/media_bench.py --write benchmarks/README.md

Workloads: speech of a 200-character input as mp3 and as wav, an image
generation at 1024x1024 (PNG, gpt-image-1) and a transcription of a
10-second WAV (whisper-1). Each is timed through ``mock.client()`` (openai-kit)
and through the official ``openai`` client on the mock's transport, plus the
mock's own media work alone (drawing and encoding, no HTTP). Every speech
request gets a different input, so no clip is answered from the mock's cache.
Nothing here judges a time: the numbers are printed (and written between the
``media-bench`` markers of ``--write FILE``).
"""

from __future__ import annotations

import argparse
import itertools
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx
import openai

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._mock_report import write_section
from benchmarks._timing import SyncCase, Timing, run_sync_cases
from openai_kit.mockserver import MockServer
from openai_kit.mockserver.media import picture, sound

__all__ = ["MediaConfig", "bench_media", "main", "render_table"]

BEGIN, END = "<!-- media-bench:begin -->", "<!-- media-bench:end -->"
TEXT = ("The quick brown fox jumps over the lazy dog while the mock keeps time. " * 3)[:196]
KIT, OFFICIAL, ALONE = "openai-kit", "openai", "mock media work alone"


@dataclass(frozen=True)
class MediaConfig:
    calls: int = 6
    repeats: int = 5
    warmup: int = 1

    @classmethod
    def tiny(cls) -> MediaConfig:
        return cls(calls=1, repeats=1, warmup=0)


def _ten_second_wav() -> bytes:
    words = [
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
    ]
    text = " ".join(itertools.islice(itertools.cycle(words), 24))
    pcm = sound.speak(text, "alloy")
    return sound.encode((pcm + bytes(480_000))[:480_000], "wav")


def _clients(mock: MockServer) -> dict[str, object]:
    official = openai.OpenAI(
        api_key=mock.api_key,
        base_url="http://mock.test/v1",
        http_client=httpx.Client(transport=mock.transport()),
        max_retries=0,
    )
    return {KIT: mock.client(max_retries=0), OFFICIAL: official}


def _workloads(wav: bytes) -> dict[str, Callable[[object, int], object]]:
    def speech(fmt: str) -> Callable[[object, int], object]:
        def call(client: object, n: int) -> object:
            text = f"{n:04d} {TEXT}"
            return client.audio.speech.create(  # type: ignore[attr-defined]
                model="tts-1", voice="alloy", input=text, response_format=fmt
            ).content

        return call

    def image(client: object, n: int) -> object:
        return client.images.generate(  # type: ignore[attr-defined]
            model="gpt-image-1", prompt=f"an abstract study {n}", size="1024x1024"
        )

    def transcribe(client: object, n: int) -> object:
        return client.audio.transcriptions.create(  # type: ignore[attr-defined]
            model="whisper-1", file=(f"ten-{n}.wav", wav, "audio/wav")
        )

    return {
        "speech, 200 chars, mp3": speech("mp3"),
        "speech, 200 chars, wav": speech("wav"),
        "image generation 1024x1024 png": image,
        "transcription of a 10 s wav": transcribe,
    }


def _alone(label: str, wav: bytes) -> Callable[[int], object]:
    from openai_kit.mockserver.media.listen import audio_seconds

    if label.startswith("speech"):
        fmt = label.rsplit(" ", 1)[1]
        return lambda n: sound.encode(sound.speak(f"{n:04d} {TEXT}", "alloy"), fmt)
    if label.startswith("image"):
        return lambda n: picture.encode(picture.draw(n, 1024, 1024), "png")
    return lambda n: audio_seconds(wav)


def bench_media(config: MediaConfig) -> dict[str, dict[str, Timing]]:
    """``{workload: {openai-kit, openai, mock alone: Timing}}`` (seconds per call)."""
    wav = _ten_second_wav()
    mock = MockServer(seed=1)
    clients = _clients(mock)
    counter = itertools.count()
    results: dict[str, dict[str, Timing]] = {}
    for label, call in _workloads(wav).items():
        print(f"timing {label} ...", file=sys.stderr)

        def batch(client: object, call: Callable[[object, int], object] = call) -> int:
            for _ in range(config.calls):
                call(client, next(counter))
            return config.calls

        alone = _alone(label, wav)

        def work(alone: Callable[[int], object] = alone) -> int:
            for _ in range(config.calls):
                alone(next(counter))
            return config.calls

        cases: dict[str, SyncCase] = {name: (lambda c=c: batch(c)) for name, c in clients.items()}
        cases[ALONE] = work
        results[label] = run_sync_cases(cases, repeats=config.repeats, warmup=config.warmup)
    return results


def render_table(results: dict[str, dict[str, Timing]]) -> str:
    lines = [
        f"| workload | {KIT} ms/call | {KIT} req/s | {OFFICIAL} ms/call | {OFFICIAL} req/s "
        f"| {ALONE} ms |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for label, timings in results.items():
        kit, official, alone = timings[KIT], timings[OFFICIAL], timings[ALONE]
        lines.append(
            f"| {label} | {kit.median * 1000:.1f} | {kit.rate:.0f} | "
            f"{official.median * 1000:.1f} | {official.rate:.0f} | {alone.median * 1000:.1f} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--tiny", action="store_true", help="one call each (smoke runs)")
    parser.add_argument("--write", type=Path, help="also put the table into this file")
    args = parser.parse_args(argv)
    config = MediaConfig.tiny() if args.tiny else MediaConfig(repeats=3 if args.quick else 5)
    table = render_table(bench_media(config))
    print(table)
    if args.write is not None:
        write_section(args.write, table, BEGIN, END)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
