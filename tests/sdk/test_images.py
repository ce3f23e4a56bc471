"""``client.images`` over the in-process mock, sync and async: real pictures come back."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import pytest
from PIL import Image

from openai_kit.mockserver import MockServer
from openai_kit.types.image_gen_completed_event import ImageGenCompletedEvent
from openai_kit.types.images_response import ImagesResponse


def _png(size: tuple[int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", size).save(out, "PNG")
    return out.getvalue()


def _size(result: ImagesResponse, index: int = 0) -> tuple[int, int]:
    assert result.data is not None and result.data[index].b64_json is not None
    return Image.open(io.BytesIO(base64.b64decode(result.data[index].b64_json))).size


@pytest.fixture
def mock() -> MockServer:
    return MockServer(seed=3, clock=lambda: 1_700_000_000)


def test_generate_edit_variation_and_raw_view(mock: MockServer, tmp_path: Path) -> None:
    client = mock.client()
    assert _size(client.images.generate(model="gpt-image-1", prompt="x", size="1024x1536")) == (
        1024,
        1536,
    )
    path = tmp_path / "in.png"
    path.write_bytes(_png((120, 80)))
    with path.open("rb") as handle:
        edited = client.images.edit(
            model="gpt-image-1", image=[path, handle, _png((120, 80))], prompt="x", n=2
        )
    assert _size(edited, 1) == (120, 80)
    form = mock.requests.last.form
    assert form is not None and (form["n"], form["model"]) == ("2", "gpt-image-1")
    variation = client.images.create_variation(image=("s.png", _png((64, 64)), "image/png"))
    assert variation.data is not None and variation.data[0].url is not None
    raw = client.images.with_raw_response.generate(model="dall-e-2", prompt="x")
    assert raw.status_code == 200 and raw.parse().data is not None


def test_generate_stream_yields_typed_events(mock: MockServer) -> None:
    stream = mock.client().images.generate(
        model="gpt-image-1", prompt="x", stream=True, partial_images=1
    )
    events = list(stream)
    assert isinstance(events[-1], ImageGenCompletedEvent)
    assert events[0].type == "image_generation.partial_image"


def test_azure_routes_images_to_the_deployment(mock: MockServer) -> None:
    client = mock.azure_client()
    result = client.images.generate(model="gpt-image-1", prompt="x")
    assert _size(result) == (1024, 1024)
    assert mock.requests.last.path == "/openai/deployments/gpt-image-1/images/generations"


@pytest.mark.asyncio
async def test_async_images(mock: MockServer) -> None:
    client = mock.async_client()
    result = await client.images.edit(
        model="gpt-image-1", image=("a.png", _png((50, 40)), "image/png"), prompt="x"
    )
    assert _size(result) == (50, 40)
    stream = await client.images.edit(
        model="gpt-image-1", image=("a.png", _png((50, 40)), "image/png"), prompt="x", stream=True
    )
    assert [e.type async for e in stream] == ["image_edit.completed"]
    await client.close()
