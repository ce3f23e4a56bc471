"""``client.videos`` over the mock, sync and async: polling on the simulated clock, media."""

from __future__ import annotations

import io

import av
import pytest
from PIL import Image

from openai_kit import AsyncOpenAI, OpenAI
from openai_kit.mockserver import MockServer
from openai_kit.types import Video


@pytest.fixture
def mock() -> MockServer:
    return MockServer(seed=11, clock=lambda: 1_700_000_000)


def test_create_and_poll_waits_on_the_mock_clock(
    mock: MockServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        mock.advance(seconds)

    monkeypatch.setattr(OpenAI, "_sleep", staticmethod(sleep))
    client = mock.client()
    video = client.videos.create_and_poll(prompt="a kite", seconds="4", poll_interval_ms=5000)
    assert isinstance(video, Video) and video.status == "completed"
    assert waits and set(waits) == {5.0}
    assert mock.requests.last.headers["x-stainless-custom-poll-interval"] == "5000"
    mp4 = client.videos.download_content(video.id).content
    with av.open(io.BytesIO(mp4)) as container:
        assert container.streams.video[0].height == 1280
    sheet = client.videos.download_content(video.id, variant="spritesheet")
    assert Image.open(io.BytesIO(sheet.content)).format == "JPEG"
    remix = client.videos.remix(video.id, prompt="a kite at dusk")
    assert remix.remixed_from_video_id == video.id
    assert [v.id for v in client.videos.list(limit=1)] == [remix.id, video.id]
    assert client.videos.delete(video.id).deleted
    form = mock.requests.filter("videos.create")[0].form
    assert form == {"prompt": "a kite", "seconds": "4"}


@pytest.mark.asyncio
async def test_async_poll_and_download(mock: MockServer, monkeypatch: pytest.MonkeyPatch) -> None:
    async def sleep(seconds: float) -> None:
        mock.advance(seconds)

    monkeypatch.setattr(AsyncOpenAI, "_sleep", staticmethod(sleep))
    client = mock.async_client()
    video = await client.videos.create_and_poll(prompt="rain", size="1280x720")
    assert video.status == "completed" and video.size == "1280x720"
    thumb = await client.videos.download_content(video.id, variant="thumbnail")
    assert Image.open(io.BytesIO(thumb.content)).size == (1280, 720)
    page = await client.videos.list()
    assert [v.id for v in page.data] == [video.id]
    await client.close()
