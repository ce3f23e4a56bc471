"""The scrubber: every kind of secret becomes the marker, and nothing else changes."""

from __future__ import annotations

import json

import pytest

from openai_kit.pytest_plugin._model import Interaction, RecordedRequest, RecordedResponse
from openai_kit.pytest_plugin._scrub import (
    MARKER,
    SECRET_HEADERS,
    scrub_bytes,
    scrub_event_stream,
    scrub_headers,
    scrub_interaction,
    scrub_text,
    scrub_url,
)

# Real-looking, never real.
PROJECT_KEY = "sk-proj-" + "Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z" * 3
LEGACY_KEY = "sk-" + "Zy9xWv8uTs7rQp6oNm5lKj4iHg3fEd2c" + "T3BlbkFJ"
SVCACCT_KEY = "sk-svcacct-" + "q1W2e3R4t5Y6u7I8o9P0" * 2
SESSION_KEY = "sess-" + "Rk7Yp2Lm9Qz4Xw1Vn8Bt5Cs3"
EPHEMERAL_KEY = "ek_" + "68a1f0c2b3d4e5f60718293a4b5c6d7e"
JWT = (
    "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9"
    ".eyJzdWIiOiJ1c2VyLTEyMyIsImF1ZCI6Imh0dHBzOi8vYXBpLm9wZW5haS5jb20ifQ"
    ".c2lnbmF0dXJlLXRoYXQtbG9va3MtcmVhbC1lbm91Z2g"
)
AZURE_KEY = "0123456789abcdef0123456789abcdef"

ALL_KEYS = (PROJECT_KEY, LEGACY_KEY, SVCACCT_KEY, SESSION_KEY, EPHEMERAL_KEY, JWT)


@pytest.mark.parametrize("secret", ALL_KEYS, ids=["proj", "legacy", "svcacct", "sess", "ek", "jwt"])
def test_each_key_shape_is_replaced_anywhere_in_text(secret: str) -> None:
    for text in (secret, f"key={secret}", f'{{"content": "use {secret} please"}}', f"({secret})"):
        scrubbed = scrub_text(text)
        assert secret not in scrubbed
        assert MARKER in scrubbed
        assert scrub_bytes(text.encode()) == scrubbed.encode()


def test_bearer_tokens_keep_the_scheme() -> None:
    assert (
        scrub_text("Authorization: Bearer abc.DEF-123_456~xyz") == f"Authorization: Bearer {MARKER}"
    )
    assert scrub_text("bearer " + AZURE_KEY) == f"bearer {MARKER}"
    assert scrub_text(f"Bearer {MARKER}") == f"Bearer {MARKER}"


def test_json_secret_fields_are_blanked_whatever_their_value() -> None:
    body = json.dumps(
        {
            "api_key": "plain-looking",
            "nested": {"access_token": "x", "clientSecret": 1, "client_secret": 's\\"q'},
            "password": "hunter2",
            "keep": "visible",
        }
    )
    scrubbed = json.loads(scrub_text(body))
    assert scrubbed["api_key"] == MARKER
    assert scrubbed["nested"]["access_token"] == MARKER
    assert scrubbed["nested"]["client_secret"] == MARKER
    assert scrubbed["password"] == MARKER
    assert scrubbed["keep"] == "visible"


@pytest.mark.parametrize(
    "text",
    [
        "task-0123456789abcdefghij",  # 'sk-' inside a word
        "risk-assessment-of-the-quarterly-report",
        "A bearer of good news",
        "The model said: tokens are counted per request.",
        '{"id": "chatcmpl-Bu8vBIrB8kIWKRyTcpEEPncjhHtMU", "object": "chat.completion"}',
        "data: [DONE]\n\n",
        "req_0f4c9d2b7a6e4b1c8d3e2f1a0b9c8d7e",
    ],
)
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert scrub_text(text) == text
    assert scrub_bytes(text.encode()) == text.encode()


def test_binary_bodies_are_scrubbed_as_bytes() -> None:
    data = b"\x89PNG\r\n\x1a\n\xff\xfe" + PROJECT_KEY.encode() + b"\x00\x01"
    assert scrub_bytes(data) == b"\x89PNG\r\n\x1a\n\xff\xfe" + MARKER.encode() + b"\x00\x01"


def test_urls_lose_secret_parameters_and_credentials() -> None:
    url = (
        "https://user:pw@example-resource.openai.azure.com/openai/deployments/gpt-4o/chat/completions"
        f"?api-version=2024-10-21&api-key={AZURE_KEY}&KEY=abc&sig=xyz&q={PROJECT_KEY}&flag"
    )
    scrubbed = scrub_url(url)
    assert scrubbed == (
        f"https://{MARKER}@example-resource.openai.azure.com/openai/deployments/gpt-4o/chat/completions"
        f"?api-version=2024-10-21&api-key={MARKER}&KEY={MARKER}&sig={MARKER}&q={MARKER}&flag"
    )
    plain = "https://api.openai.com/v1/models?limit=2&after=model-1"
    assert scrub_url(plain) == plain


def test_secret_headers_keep_their_name_and_lose_their_value() -> None:
    headers = tuple((name.title(), "value-" + name) for name in sorted(SECRET_HEADERS))
    headers += (("x-custom", f"Bearer {AZURE_KEY}"), ("x-request-id", "req_123"))
    scrubbed = dict(scrub_headers(headers))
    for name in SECRET_HEADERS:
        assert scrubbed[name.title()] == MARKER
    assert scrubbed["x-custom"] == f"Bearer {MARKER}"
    assert scrubbed["x-request-id"] == "req_123"


def test_scrub_interaction_covers_every_part() -> None:
    interaction = Interaction(
        RecordedRequest(
            "POST",
            f"https://api.openai.com/v1/x?key={AZURE_KEY}",
            (("Authorization", f"Bearer {PROJECT_KEY}"), ("OpenAI-Organization", "org-abc")),
            f'{{"input": "{LEGACY_KEY}"}}'.encode(),
        ),
        RecordedResponse(
            200,
            "OK",
            (("openai-project", "proj_abc"), ("set-cookie", "__cf_bm=abc"), ("set-cookie", "b=2")),
            f"data: {JWT}\n\n".encode(),
        ),
    )
    scrubbed = scrub_interaction(interaction)
    dumped = repr(scrubbed)
    for secret in (AZURE_KEY, PROJECT_KEY, "org-abc", LEGACY_KEY, "proj_abc", "__cf_bm", JWT):
        assert secret not in dumped
    assert scrubbed.response.headers == (
        ("openai-project", MARKER),
        ("set-cookie", MARKER),
        ("set-cookie", MARKER),
    )
    assert scrubbed.response.status == 200
    assert scrubbed.request.method == "POST"


# --------------------------------------------------------------------------------------------
# Secrets split across the events of a stream
# --------------------------------------------------------------------------------------------


def _chat_events(pieces: list[str], *, end: bytes = b"\n\n") -> bytes:
    events = [
        json.dumps(
            {
                "id": "c1",
                "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}],
            },
            separators=(",", ":"),
        ).encode()
        for piece in pieces
    ]
    return b"".join(b"data: " + event + end for event in events) + b"data: [DONE]" + end


def _chat_text(body: bytes) -> str:
    text = ""
    for line in body.splitlines():
        if line.startswith(b"data: {"):
            text += json.loads(line[6:])["choices"][0]["delta"]["content"]
    return text


@pytest.mark.parametrize("end", [b"\n\n", b"\r\n\r\n"], ids=["lf", "crlf"])
def test_a_key_split_across_chat_chunks_is_removed(end: bytes) -> None:
    secret = PROJECT_KEY
    pieces = [
        "Your key is ",
        secret[:2],
        secret[2:3],
        secret[3:20],
        secret[20:],
        " — keep it safe.",
    ]
    body = _chat_events(pieces, end=end)
    scrubbed = scrub_event_stream(body)
    assert _chat_text(scrubbed) == f"Your key is {MARKER} — keep it safe."
    assert secret[-16:].encode() not in scrubbed
    assert scrubbed.count(end) == body.count(end)  # still one event per piece
    # Events that carried no part of the key are byte for byte the same.
    assert scrubbed.split(end)[0] == body.split(end)[0]
    assert scrubbed.split(end)[-2:] == body.split(end)[-2:]


def test_choices_are_joined_by_their_index_not_their_position() -> None:
    def event(index: int, piece: str) -> bytes:
        chunk = {"choices": [{"index": index, "delta": {"content": piece}}]}
        return b"data: " + json.dumps(chunk).encode() + b"\n\n"

    secret = SESSION_KEY
    body = event(0, secret[:10]) + event(1, "unrelated") + event(0, secret[10:]) + event(1, " text")
    scrubbed = scrub_event_stream(body)
    assert secret[:10].encode() not in scrubbed
    assert b"unrelated" in scrubbed and b" text" in scrubbed


def test_responses_deltas_are_joined_per_item() -> None:
    def delta(item: str, piece: str) -> bytes:
        payload = {"type": "response.output_text.delta", "item_id": item, "delta": piece}
        return b"event: response.output_text.delta\ndata: " + json.dumps(payload).encode() + b"\n\n"

    body = delta("msg_1", "token " + JWT[:30]) + delta("msg_2", "other") + delta("msg_1", JWT[30:])
    scrubbed = scrub_event_stream(body)
    assert JWT[:30].encode() not in scrubbed
    assert scrubbed.count(b"event: response.output_text.delta\n") == 3
    assert b'"delta": "other"' in scrubbed  # untouched event kept as it was


def test_streams_without_secrets_are_returned_unchanged() -> None:
    body = _chat_events(["Hello", " world", "!"]) + b": comment\n\ndata: not json\n\n"
    assert scrub_event_stream(body) == body
