"""Real recorded audio and image traffic replayed through ``client.audio`` and ``client.images``.

Each interaction of ``../shared/realworld-cassettes`` on an audio or images
operation is answered by its recorded response; the SDK is called with the
recorded arguments (uploads rebuilt from the recorded multipart body), sends
the same request, and the result is the recorded body, lenient and strict.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from openai_kit import OpenAI
from tests.support.realworld import (
    RecordedInteraction,
    interactions_or_empty,
    parse_multipart,
    require_cassettes,
)

MEDIA = ("audio.", "images.")
CASES = [i for i in interactions_or_empty() if (i.operation or "").startswith(MEDIA)]


def _client(interaction: RecordedInteraction, sent: list[httpx.Request], strict: bool) -> OpenAI:
    response = interaction.response

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(
            response.status, headers=list(response.headers), content=response.body
        )

    return OpenAI(
        api_key="sk-test",
        base_url="https://api.openai.com/v1",
        http_client=httpx.Client(transport=httpx.MockTransport(answer)),
        max_retries=0,
        _strict_response_validation=strict,
    )


def _arguments(interaction: RecordedInteraction) -> dict[str, Any]:
    request = interaction.request
    if not request.is_multipart:
        assert isinstance(request.json, dict)
        return dict(request.json)
    arguments: dict[str, Any] = {}
    for part in parse_multipart(request.body, request.content_type or ""):
        if part.filename is not None:
            arguments[part.name] = (part.filename, part.data, part.content_type)
        else:
            arguments[part.name] = part.data.decode()
    return arguments


@pytest.mark.parametrize("strict", [False, True], ids=["lenient", "strict"])
@pytest.mark.parametrize("interaction", CASES or [None], ids=lambda i: i.id if i else "none")
def test_recorded_media_replays_through_the_sdk(
    interaction: RecordedInteraction | None, strict: bool
) -> None:
    require_cassettes()
    if interaction is None:
        pytest.skip("no audio or image recordings")
    sent: list[httpx.Request] = []
    client = _client(interaction, sent, strict)
    method: Any = client
    for name in (interaction.operation or "").split("."):
        method = getattr(method, name)
    result = method(**_arguments(interaction))
    body = interaction.response.body
    if interaction.operation == "audio.speech.create":
        assert result.content == body
    else:
        assert result.to_dict(mode="json") == json.loads(body)
    assert sent[0].url.path == interaction.request.normalized_path
    if interaction.request.is_multipart:
        recorded = {
            p.name: p.data
            for p in parse_multipart(
                interaction.request.body, interaction.request.content_type or ""
            )
        }
        mine = {
            p.name: p.data
            for p in parse_multipart(sent[0].content, sent[0].headers["content-type"])
        }
        assert mine == recorded
    else:
        assert json.loads(sent[0].content) == interaction.request.json
