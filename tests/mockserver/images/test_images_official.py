"""Images through the official package (strict validation), the bytes opened by Pillow."""

from __future__ import annotations

import base64
import io

import httpx
import openai
import pytest
from PIL import Image

from openai_kit.mockserver import MockServer
from tests.mockserver.conftest import BASE
from tests.mockserver.test_official_client import STYLES, Style, async_official, official


def png(size: tuple[int, int], mode: str = "RGBA") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, (10, 20, 30, 0) if mode == "RGBA" else (10, 20, 30)).save(out, "PNG")
    return out.getvalue()


def opened(b64: str | None) -> Image.Image:
    assert b64 is not None
    picture = Image.open(io.BytesIO(base64.b64decode(b64)))
    picture.load()
    return picture


@pytest.mark.parametrize("style", STYLES)
def test_generate_gpt_image_returns_b64_of_the_requested_size_and_format(
    mock: MockServer, style: Style
) -> None:
    client = official(mock, style)
    result = client.images.generate(
        model="gpt-image-1", prompt="a fox", size="1536x1024", output_format="webp", n=2
    )
    assert result.data is not None and len(result.data) == 2
    first, second = (opened(d.b64_json) for d in result.data)
    assert (first.format, first.size) == ("WEBP", (1536, 1024))
    assert first.tobytes() != second.tobytes()
    assert (result.size, result.output_format, result.quality) == ("1536x1024", "webp", "medium")
    assert result.usage is not None and result.usage.output_tokens > 0


def test_same_request_same_bytes_different_prompt_different_picture(mock: MockServer) -> None:
    client = official(mock, "openai")

    def make(prompt: str) -> bytes:
        data = client.images.generate(model="gpt-image-1", prompt=prompt).data
        assert data is not None and data[0].b64_json is not None
        return base64.b64decode(data[0].b64_json)

    def pixels(data: bytes) -> bytes:
        return Image.open(io.BytesIO(data)).convert("RGB").tobytes()

    assert make("a red fox") == make("a red fox")
    assert pixels(make("a red fox")) != pixels(make("a blue whale"))


def test_transparent_background_and_jpeg_compression(mock: MockServer) -> None:
    client = official(mock, "openai")
    clear = client.images.generate(model="gpt-image-1", prompt="x", background="transparent")
    assert clear.background == "transparent" and clear.data is not None
    alpha = opened(clear.data[0].b64_json).convert("RGBA").getextrema()[3]
    assert alpha[0] == 0
    jpeg = client.images.generate(
        model="gpt-image-1", prompt="x", output_format="jpeg", output_compression=40
    )
    assert jpeg.data is not None and opened(jpeg.data[0].b64_json).format == "JPEG"
    with pytest.raises(openai.BadRequestError) as err:
        client.images.generate(
            model="gpt-image-1", prompt="x", output_format="jpeg", background="transparent"
        )
    assert err.value.param == "background"


def test_dall_e_url_is_served_by_the_mock(mock: MockServer) -> None:
    client = official(mock, "openai")
    result = client.images.generate(model="dall-e-3", prompt="a lighthouse", size="1792x1024")
    assert result.data is not None and result.data[0].url is not None
    assert result.data[0].revised_prompt == "a lighthouse" and result.usage is None
    with httpx.Client(transport=mock.transport()) as plain:
        fetched = plain.get(result.data[0].url)
    assert fetched.headers["content-type"] == "image/png"
    assert Image.open(io.BytesIO(fetched.content)).size == (1792, 1024)
    b64 = client.images.generate(model="dall-e-2", prompt="x", response_format="b64_json")
    assert b64.data is not None and opened(b64.data[0].b64_json).size == (1024, 1024)


@pytest.mark.parametrize(
    ("kwargs", "param"),
    [
        ({"model": "dall-e-2", "size": "1024x1536"}, "size"),
        ({"model": "dall-e-3", "n": 2}, "n"),
        ({"model": "gpt-image-1", "response_format": "url"}, "response_format"),
        ({"model": "dall-e-2", "output_format": "webp"}, "output_format"),
        ({"model": "gpt-image-1", "quality": "hd"}, "quality"),
        ({"model": "gpt-image-1", "partial_images": 4}, "partial_images"),
        ({"model": "dall-e-2", "prompt": "x" * 1001}, "prompt"),
        ({"model": "not-an-image-model"}, "model"),
    ],
)
def test_generate_refuses_what_the_model_does_not_take(
    mock: MockServer, kwargs: dict[str, object], param: str
) -> None:
    client = official(mock, "openai")
    with pytest.raises(openai.BadRequestError) as err:
        client.images.generate(**{"prompt": "x", **kwargs})  # type: ignore[arg-type]
    assert err.value.param == param


def test_stream_sends_partial_images_then_completed_with_usage(mock: MockServer) -> None:
    client = official(mock, "openai")
    events = list(
        client.images.generate(model="gpt-image-1", prompt="x", stream=True, partial_images=2)
    )
    assert [e.type for e in events] == [
        "image_generation.partial_image",
        "image_generation.partial_image",
        "image_generation.completed",
    ]
    final = events[-1]
    assert final.type == "image_generation.completed" and final.usage.total_tokens > 0
    assert opened(final.b64_json).size == (1024, 1024)
    assert opened(events[0].b64_json).size == (1024, 1024)


def test_edit_takes_several_images_and_a_mask_and_keeps_the_input_size(mock: MockServer) -> None:
    client = official(mock, "openai")
    image = png((300, 200))
    result = client.images.edit(
        model="gpt-image-1",
        image=[("a.png", image, "image/png"), ("b.png", image, "image/png")],
        mask=("m.png", png((300, 200)), "image/png"),
        prompt="add a moon",
    )
    assert result.data is not None and opened(result.data[0].b64_json).size == (300, 200)
    assert result.size is None
    assert result.usage is not None and result.usage.input_tokens_details.image_tokens > 0
    form = mock.requests.last.form
    assert form is not None and form["image[]"] == "b.png" and form["mask"] == "m.png"


@pytest.mark.parametrize(
    ("image", "mask", "model", "param"),
    [
        (b"not an image", None, "gpt-image-1", "image"),
        (png((300, 200)), png((100, 100)), "gpt-image-1", "mask"),
        (png((300, 300), "RGB"), png((300, 300), "RGB"), "gpt-image-1", "mask"),
        (png((300, 200)), None, "dall-e-2", "image"),
    ],
)
def test_edit_checks_images_and_masks(
    mock: MockServer, image: bytes, mask: bytes | None, model: str, param: str
) -> None:
    client = official(mock, "openai")
    extra = {} if mask is None else {"mask": ("m.png", mask, "image/png")}
    with pytest.raises(openai.BadRequestError) as err:
        client.images.edit(model=model, image=("i.png", image, "image/png"), prompt="x", **extra)  # type: ignore[arg-type]
    assert err.value.param == param


def test_edit_stream_and_variation(mock: MockServer) -> None:
    client = official(mock, "openai")
    stream = client.images.edit(
        model="gpt-image-1",
        image=("a.png", png((256, 256)), "image/png"),
        prompt="x",
        stream=True,
        partial_images=1,
    )
    assert [e.type for e in stream] == ["image_edit.partial_image", "image_edit.completed"]
    variation = client.images.create_variation(
        image=("s.png", png((256, 256)), "image/png"), n=2, size="512x512"
    )
    assert variation.data is not None and len(variation.data) == 2
    with pytest.raises(openai.NotFoundError):
        official(mock, "azure").images.create_variation(image=("s.png", png((8, 8)), "image/png"))


@pytest.mark.asyncio
async def test_async_generate_edit_and_stream(mock: MockServer) -> None:
    client = async_official(mock, "openai")
    result = await client.images.generate(model="gpt-image-1", prompt="x", output_format="jpeg")
    assert result.data is not None and opened(result.data[0].b64_json).format == "JPEG"
    edited = await client.images.edit(
        model="gpt-image-1", image=("a.png", png((64, 48)), "image/png"), prompt="x"
    )
    assert edited.data is not None and opened(edited.data[0].b64_json).size == (64, 48)
    stream = await client.images.generate(
        model="gpt-image-1", prompt="x", stream=True, partial_images=1
    )
    assert [e.type async for e in stream][-1] == "image_generation.completed"
    await client.close()


def test_unknown_hosted_media_is_a_404(http: httpx.Client) -> None:
    assert http.get(f"{BASE}/_mock/media/img-nothing.png").status_code == 404


@pytest.mark.asyncio
async def test_async_variation(mock: MockServer) -> None:
    client = async_official(mock, "openai")
    result = await client.images.create_variation(
        image=("s.png", png((64, 64)), "image/png"), response_format="b64_json", size="256x256"
    )
    assert result.data is not None and opened(result.data[0].b64_json).size == (256, 256)
    await client.close()


def test_low_quality_is_a_coarser_picture(mock: MockServer) -> None:
    client = official(mock, "openai")

    def colours(quality: str) -> int:
        result = client.images.generate(model="gpt-image-1", prompt="x", quality=quality)  # type: ignore[arg-type]
        assert result.data is not None
        found = opened(result.data[0].b64_json).convert("RGB").getcolors(4096)
        assert found is not None
        return len(found)

    assert colours("low") < colours("high")
