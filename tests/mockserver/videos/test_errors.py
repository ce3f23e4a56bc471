"""The videos operations' 400s, word for word: unfinished videos and bad input references."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import openai
import pytest
from PIL import Image

from openai_kit.mockserver import MockServer
from tests.mockserver.test_official_client import official


def _error(call: Callable[[], Any]) -> Any:
    with pytest.raises(openai.BadRequestError) as err:
        call()
    return err.value.body


def test_an_unfinished_video_can_be_neither_downloaded_nor_remixed(mock: MockServer) -> None:
    client = official(mock, "openai")
    video = client.videos.create(prompt="a lighthouse at dusk")
    expected = {
        "message": f"Video {video.id} is not ready yet, use GET /v1/videos/{video.id} to check "
        "status.",
        "type": "invalid_request_error",
        "param": "video_id",
        "code": "video_not_ready",
    }
    assert _error(lambda: client.videos.download_content(video.id)) == expected
    assert _error(lambda: client.videos.remix(video.id, prompt="at dawn")) == expected
    mock.advance(60)
    assert client.videos.remix(video.id, prompt="at dawn").remixed_from_video_id == video.id


def test_an_input_reference_must_be_a_picture_of_the_requested_size(mock: MockServer) -> None:
    client = official(mock, "openai")
    picture = io.BytesIO()
    Image.new("RGB", (720, 1280)).save(picture, "PNG")
    wrong_size = _error(
        lambda: client.videos.create(
            prompt="x", size="1280x720", input_reference=("ref.png", picture.getvalue())
        )
    )
    assert wrong_size == {
        "message": "Inpaint image must match the requested width and height (1280x720).",
        "type": "invalid_request_error",
        "param": "input_reference",
        "code": "invalid_value",
    }
    not_a_picture = _error(
        lambda: client.videos.create(prompt="x", input_reference=("ref.png", b"plain text"))
    )
    assert not_a_picture == {
        "message": "Invalid input_reference: not an image.",
        "type": "invalid_request_error",
        "param": "input_reference",
        "code": None,
    }
