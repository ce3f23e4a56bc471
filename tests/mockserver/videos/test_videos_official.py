"""Videos through the official package: the lifecycle on the simulated clock, real media."""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

import av
import openai
import pytest
from PIL import Image

from openai_kit.mockserver import MockServer
from tests.mockserver.test_official_client import async_official, official


def events_of(mock: MockServer) -> list[tuple[str, str]]:
    seen: list[tuple[str, str]] = []

    def listen(kind: str, data: Mapping[str, Any]) -> None:
        seen.append((kind, str(data["id"])))

    mock.state.listeners.append(listen)
    return seen


def test_lifecycle_media_and_webhook_events(mock: MockServer) -> None:
    seen = events_of(mock)
    client = official(mock, "openai")
    video = client.videos.create(prompt="a paper boat on a river", seconds="4", size="1280x720")
    assert (video.status, video.progress, video.completed_at) == ("queued", 0, None)
    with pytest.raises(openai.BadRequestError):
        client.videos.download_content(video.id)
    mock.advance(10)
    running = client.videos.retrieve(video.id)
    assert running.status == "in_progress" and 0 < running.progress < 100
    assert seen == []
    mock.advance(30)
    done = client.videos.retrieve(video.id)
    assert done.status == "completed" and done.progress == 100 and done.expires_at
    assert seen == [("video.completed", video.id)]
    mp4 = client.videos.download_content(video.id).content
    with av.open(io.BytesIO(mp4)) as container:
        stream = container.streams.video[0]
        assert (stream.codec_context.name, stream.width, stream.height) == ("h264", 1280, 720)
        assert container.duration is not None and container.duration / 1e6 == pytest.approx(
            4, abs=0.3
        )
        assert len(list(container.decode(video=0))) > 1
    thumb = Image.open(
        io.BytesIO(client.videos.download_content(video.id, variant="thumbnail").content)
    )
    assert (thumb.format, thumb.size) == ("WEBP", (1280, 720))
    sheet = client.videos.download_content(video.id, variant="spritesheet").content
    assert Image.open(io.BytesIO(sheet)).format == "JPEG"
    assert client.videos.download_content(video.id).content == mp4


def test_remix_list_delete_and_failure(mock: MockServer) -> None:
    seen = events_of(mock)
    client = official(mock, "openai")
    source = client.videos.create(prompt="a quiet harbour", model="sora-2")
    with pytest.raises(openai.BadRequestError):
        client.videos.remix(source.id, prompt="at night")
    mock.advance(60)
    remix = client.videos.remix(source.id, prompt="at night")
    assert remix.remixed_from_video_id == source.id and remix.size == source.size
    blocked = client.videos.create(prompt="I want to kill them all")
    mock.advance(60)
    failed = client.videos.retrieve(blocked.id)
    assert failed.status == "failed" and failed.error is not None and failed.error.code
    assert ("video.failed", blocked.id) in seen
    page = client.videos.list(limit=2, order="asc")
    assert [v.id for v in page.data] == [source.id, remix.id] and page.has_more
    assert [v.id for v in client.videos.list()] == [blocked.id, remix.id, source.id]
    deleted = client.videos.delete(remix.id)
    assert deleted.deleted and deleted.id == remix.id
    with pytest.raises(openai.NotFoundError):
        client.videos.retrieve(remix.id)


@pytest.mark.parametrize(
    ("kwargs", "param"),
    [
        ({"size": "1792x1024"}, "size"),
        ({"seconds": "5"}, "seconds"),
        ({"model": "dall-e-3"}, "model"),
        ({"prompt": ""}, "prompt"),
    ],
)
def test_refusals(mock: MockServer, kwargs: dict[str, Any], param: str) -> None:
    with pytest.raises(openai.BadRequestError) as err:
        official(mock, "openai").videos.create(**{"prompt": "x", **kwargs})
    assert err.value.param == param


def test_input_reference_must_match_the_size(mock: MockServer) -> None:
    client = official(mock, "openai")
    image = io.BytesIO()
    Image.new("RGB", (720, 1280)).save(image, "PNG")
    made = client.videos.create(
        prompt="x", input_reference=("ref.png", image.getvalue(), "image/png")
    )
    assert made.size == "720x1280"
    with pytest.raises(openai.BadRequestError) as err:
        client.videos.create(
            prompt="x", size="1280x720", input_reference=("ref.png", image.getvalue(), "image/png")
        )
    assert err.value.param == "input_reference"


@pytest.mark.asyncio
async def test_async_videos(mock: MockServer) -> None:
    client = async_official(mock, "openai")
    video = await client.videos.create(prompt="waves", model="sora-2-pro", size="1792x1024")
    mock.advance(120)
    assert (await client.videos.retrieve(video.id)).status == "completed"
    thumb = await client.videos.download_content(video.id, variant="thumbnail")
    assert Image.open(io.BytesIO(thumb.content)).size == (1792, 1024)
    await client.close()


@pytest.mark.asyncio
async def test_async_remix_list_delete(mock: MockServer) -> None:
    client = async_official(mock, "openai")
    source = await client.videos.create(prompt="a field of wheat")
    mock.advance(60)
    remix = await client.videos.remix(source.id, prompt="in winter")
    page = await client.videos.list(order="asc")
    assert [v.id for v in page.data] == [source.id, remix.id]
    assert (await client.videos.delete(source.id)).deleted
    await client.close()
