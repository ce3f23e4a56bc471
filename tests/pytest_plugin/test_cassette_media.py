"""Cassettes of media traffic: audio, images and video bytes, multipart uploads.

Recorded from the mock server in process, replayed with the network
unreachable: the same bytes come back, uploads match on their fields and
file contents whatever the boundary, and binary bodies sit in the YAML as
base64 (``!!binary``).
"""

from __future__ import annotations

import io
from pathlib import Path

import httpx
import openai
import pytest

from openai_kit import OpenAI
from openai_kit.mockserver import MockServer
from openai_kit.mockserver.media.sound import encode, speak
from openai_kit.pytest_plugin._cassette import Cassette, RecordMode

BASE_URL = "https://api.openai.com/v1"
WAV = encode(speak("one two three four", "alloy"), "wav")


def unreachable(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"replay reached the network: {request.url}")


@pytest.fixture
def mock() -> MockServer:
    return MockServer(seed=4, clock=lambda: 1_750_000_000.0)


def kit(cassette: Cassette, real: httpx.BaseTransport) -> OpenAI:
    client = httpx.Client(transport=cassette.wrap_sync(real))
    return OpenAI(api_key="sk-test", base_url=BASE_URL, http_client=client, max_retries=0)


def media_calls(client: OpenAI) -> tuple[object, ...]:
    speech = client.audio.speech.create(model="tts-1", voice="alloy", input="Hello there.")
    heard = client.audio.transcriptions.create(
        model="whisper-1", file=("talk.wav", WAV, "audio/wav"), response_format="verbose_json"
    )
    image = client.images.generate(model="gpt-image-1", prompt="a fox", size="1024x1024")
    return speech.content, heard.model_dump(), image.model_dump()


def test_media_round_trip_gives_the_same_bytes(tmp_path: Path, mock: MockServer) -> None:
    path = tmp_path / "media.yaml"
    with Cassette.open(path, record_mode=RecordMode.ONCE) as cassette:
        recorded = media_calls(kit(cassette, mock.transport()))
    text = path.read_text()
    assert "!!binary" in text and "openai-kit-cassette-boundary" in text
    with Cassette.open(path, record_mode=RecordMode.NONE) as cassette:
        replayed = media_calls(kit(cassette, httpx.MockTransport(unreachable)))
    assert replayed == recorded
    assert isinstance(recorded[0], bytes) and recorded[0][:3] == b"ID3"


def test_uploads_match_on_fields_and_file_contents(tmp_path: Path, mock: MockServer) -> None:
    path = tmp_path / "upload.yaml"
    with Cassette.open(path, record_mode=RecordMode.ONCE) as cassette:
        first = kit(cassette, mock.transport()).audio.transcriptions.create(
            model="whisper-1", file=("talk.wav", WAV), language="en"
        )
    with Cassette.open(path, record_mode=RecordMode.NONE) as cassette:
        client = kit(cassette, httpx.MockTransport(unreachable))
        # the official package writes the fields in another order, with its own boundary
        official = openai.OpenAI(
            api_key="sk-test",
            base_url=BASE_URL,
            http_client=httpx.Client(
                transport=cassette.wrap_sync(httpx.MockTransport(unreachable))
            ),
        )
        again = official.audio.transcriptions.create(
            language="en", file=("talk.wav", io.BytesIO(WAV)), model="whisper-1"
        )
        assert again.text == first.text
        with pytest.raises(pytest.fail.Exception, match="multipart forms differ in file"):
            client.audio.transcriptions.create(
                model="whisper-1", file=("talk.wav", WAV[:-2] + b"\x01\x01"), language="en"
            )


def test_video_download_replays_the_mp4(tmp_path: Path, mock: MockServer) -> None:
    path = tmp_path / "video.yaml"

    def run(client: OpenAI, advance: bool) -> bytes:
        video = client.videos.create(prompt="a kite", seconds="4")
        if advance:
            mock.advance(60)
        return client.videos.download_content(video.id, variant="thumbnail").content

    with Cassette.open(path, record_mode=RecordMode.ONCE) as cassette:
        recorded = run(kit(cassette, mock.transport()), True)
    with Cassette.open(path, record_mode=RecordMode.NONE) as cassette:
        assert run(kit(cassette, httpx.MockTransport(unreachable)), False) == recorded
