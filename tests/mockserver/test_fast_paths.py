"""The mock's fast paths give exactly what the straightforward code gives.

Streams encoded from a template, the ASCII tokenizer regex, the inlined
``randint``/``choices`` draws, seeds derived without the JSON encoder, headers
built as bytes, the router that remembers where a path goes: each is checked
against the plain computation it replaces.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from typing import Any

import httpx
import pytest

from openai_kit.mockserver import MockServer
from openai_kit.mockserver._headers import RequestIds, raw_response_headers
from openai_kit.mockserver._journal import (
    RecordedRequest,
    journal_headers,
    read_headers,
    redact_headers,
)
from openai_kit.mockserver.api.chat.content import (
    chat_chunks_from_script,
    chat_completion_chunks,
    chat_completion_events,
    chat_events_from_script,
)
from openai_kit.mockserver.api.chat.sse import ChunkTemplate, encode_event, hole
from openai_kit.mockserver.api.chat.validate import validate_chat_request
from openai_kit.mockserver.generation.context import GenContext
from openai_kit.mockserver.generation.rng import (
    ALNUM,
    canonical_json,
    derive_seed,
    pick,
    randint,
    random_alnum,
)
from openai_kit.mockserver.generation.tokens import count_tokens, tokenize
from openai_kit.mockserver.generation.vocab import vocab
from tests.mockserver.conftest import API_VERSION, AUTH, AZURE_AUTH

OPENAI = GenContext(seed=5, created=1_700_000_000, azure=False)
AZURE = GenContext(seed=5, created=1_700_000_000, azure=True)
TOOL = {
    "type": "function",
    "function": {
        "name": "lookup",
        "parameters": {
            "type": "object",
            "properties": {"query": {"type": "string"}, "limit": {"type": "integer"}},
            "required": ["query", "limit"],
            "additionalProperties": False,
        },
    },
}
STREAMS: list[dict[str, Any]] = [
    {},
    {"stream_options": {"include_usage": True}},
    {"stream_options": {"include_usage": True, "include_obfuscation": False}},
    {"stream_options": {"include_obfuscation": False}},
    {"logprobs": True, "top_logprobs": 2},
    {"logprobs": True, "stream_options": {"include_obfuscation": False}},
    {"n": 3, "max_tokens": 7},
    {"stop": ["e"]},
    {"tools": [TOOL]},
    {"tools": [TOOL], "tool_choice": "none", "n": 2},
    {"functions": [TOOL["function"]]},
    {"model": "o3-mini", "reasoning_effort": "low"},
    {"model": "gpt-4o-search-preview", "web_search_options": {}},
    {"moderation": {"model": "omni-moderation-latest"}},
    {"messages": [{"role": "user", "content": 'Ünïcødé \u2028 "quoted" \\ 日本語 🎉'}]},
]


def stream_request(extra: dict[str, Any]) -> dict[str, Any]:
    body: dict[str, Any] = {
        "model": "gpt-4o-mini",
        "messages": [{"role": "user", "content": "Tell me about lookup tables."}],
        "stream": True,
        **extra,
    }
    validate_chat_request(body)
    return body


@pytest.mark.parametrize("ctx", [OPENAI, AZURE], ids=["openai", "azure"])
@pytest.mark.parametrize("extra", STREAMS)
def test_encoded_stream_is_the_encoding_of_the_chunks(
    ctx: GenContext, extra: dict[str, Any]
) -> None:
    body = stream_request(extra)
    chunks = chat_completion_chunks(ctx, body)
    assert chat_completion_events(ctx, body) == [encode_event(c) for c in chunks]


@pytest.mark.parametrize("ctx", [OPENAI, AZURE], ids=["openai", "azure"])
@pytest.mark.parametrize(
    "script",
    [
        {"content": "Scripted, with a long wordwithoutanyspaces and ünïcode."},
        {"tool_calls": [{"name": "lookup", "arguments": {"query": "x", "limit": 2}}]},
        {"content": "Both.", "tool_calls": [{"name": "lookup", "arguments": "{}"}]},
    ],
)
def test_encoded_scripted_stream_is_the_encoding_of_its_chunks(
    ctx: GenContext, script: dict[str, Any]
) -> None:
    body = stream_request({"stream_options": {"include_usage": True}, "logprobs": True})
    chunks = chat_chunks_from_script(ctx, body, **script)
    assert chat_events_from_script(ctx, body, **script) == [encode_event(c) for c in chunks]


def test_encode_event_is_compact_ascii_json() -> None:
    event = {"a": "é\n", "b": [1, None, True]}
    assert encode_event(event) == b'data: {"a":"\\u00e9\\n","b":[1,null,true]}\n\n'


def test_chunk_template_fills_its_holes() -> None:
    sample = {"x": hole(0), "y": [1, {"z": hole(1)}], "w": hole(2)}
    template = ChunkTemplate(sample, 3)
    assert template.holes == 3
    values = ['"caf\\u00e9"', '{"k":[1,2]}', "null"]
    filled = {"x": "café", "y": [1, {"z": {"k": [1, 2]}}], "w": None}
    assert template.fill(*values) == encode_event(filled)
    two = ChunkTemplate({"token": hole(0), "pad": hole(1)}, 2)
    assert two.fill2('"a"', '"b"') == two.fill('"a"', '"b"') == b'data: {"token":"a","pad":"b"}\n\n'


def test_chunk_template_refuses_a_missing_hole_or_a_wrong_count() -> None:
    with pytest.raises(ValueError, match="hole 1"):
        ChunkTemplate({"x": hole(0)}, 2)
    with pytest.raises(ValueError, match="exactly once"):
        ChunkTemplate({"x": hole(0), "y": hole(0)}, 1)
    with pytest.raises(ValueError, match="1 values expected"):
        ChunkTemplate({"x": hole(0)}, 1).fill('"a"', '"b"')


# -- tokenizer ---------------------------------------------------------------------------

_REFERENCE_PIECES = re.compile(
    r"'(?:[sdmt]|ll|ve|re)\b| ?[A-Za-z]+| ?[0-9]{1,3}| ?[^\sA-Za-z0-9]+|\s+(?!\S)|\s+"
)


def reference_tokenize(text: str) -> list[str]:
    """The tokenizer's definition, piece by piece: long ASCII words in sixes, non-ASCII by character."""
    out: list[str] = []
    for piece in _REFERENCE_PIECES.findall(text):
        core = piece.lstrip(" ")
        if not piece.isascii():
            out.extend([piece[:2], *piece[2:]] if piece.startswith(" ") else piece)
        elif len(core) > 10 and core.isalpha():
            first = len(piece) - len(core) + 6
            out.append(piece[:first])
            out.extend(piece[i : i + 6] for i in range(first, len(piece), 6))
        else:
            out.append(piece)
    return out


def random_texts(count: int) -> list[str]:
    rng = random.Random(11)
    atoms = [
        *"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
        *"0123456789 .,!?'\"-_:;{}[]\n\t\r\x0b\x0c\x1c\x00",
        "'s", "'ll", "'ve", "'t", "  ", "\n\n", "é", "日本", "🎉", "\u00a0", "\u3000",
    ]  # fmt: skip
    words = vocab().words
    texts = []
    for _ in range(count):
        if rng.random() < 0.5:
            texts.append("".join(rng.choice(atoms) for _ in range(rng.randint(0, 40))))
        else:
            pieces = [
                rng.choice(words) * rng.choice((1, 1, 1, 3)) + rng.choice((" ", ". ", "'s ", "-"))
                for _ in range(rng.randint(0, 15))
            ]
            texts.append("".join(pieces))
    return texts


def test_tokenize_follows_its_definition() -> None:
    for text in random_texts(4000):
        tokens = tokenize(text)
        assert tokens == reference_tokenize(text), text
        assert "".join(tokens) == text
        assert count_tokens(text) == len(tokens)


def test_long_words_split_in_sixes_with_their_space() -> None:
    assert tokenize(" abcdefghijklmnopq x") == [" abcdef", "ghijkl", "mnopq", " x"]
    assert tokenize("abcdefghij abcdefghijk") == ["abcdefghij", " abcdef", "ghijk"]


# -- random draws ------------------------------------------------------------------------


def test_randint_pick_and_alnum_make_the_draws_of_random() -> None:
    for seed in range(200):
        ours, theirs = random.Random(seed), random.Random(seed)
        for _ in range(10):
            low = theirs.randint(0, 9)
            assert randint(ours, 0, 9) == low
            assert randint(ours, low, low + 300) == theirs.randint(low, low + 300)
            size = theirs.randint(0, 20)
            assert randint(ours, 0, 20) == size
            assert random_alnum(ours, size) == "".join(theirs.choices(ALNUM, k=size))
            assert pick(ours, range(997), size) == theirs.choices(range(997), k=size)
        assert ours.getstate() == theirs.getstate()


@pytest.mark.parametrize(
    "parts",
    [
        (0, "id"),
        (2**64 - 1, "obfuscation"),
        (-3, "logprobs", 2),
        (7, "fingerprint", "gpt-4o-mini-2024-07-18"),
        (1, 'with "quotes"'),
        (1, "back\\slash"),
        (1, "new\nline"),
        (1, "café"),
        (True, "bool"),
        (1.5, None),
        (1, {"b": 1, "a": [2]}),
        (),
    ],
)
def test_derive_seed_hashes_the_canonical_json(parts: tuple[Any, ...]) -> None:
    text = canonical_json(parts)
    assert text == json.dumps(parts, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    digest = hashlib.blake2b(text.encode(), digest_size=8).digest()
    assert derive_seed(*parts) == int.from_bytes(digest, "little")


# -- headers -----------------------------------------------------------------------------


def test_read_headers_matches_starlette_lookup_and_the_journal() -> None:
    raw = [
        (b"authorization", b"Bearer sk-secret-value"),
        (b"x-dup", b"first"),
        (b"x-dup", b"second"),
        (b"Api-Key", b"k"),
    ]
    lookup = read_headers(raw)
    assert lookup["x-dup"] == "first"
    assert lookup.get("api-key") is None  # names are looked up as sent, like Starlette's Headers
    pairs = [(k.decode(), v.decode()) for k, v in raw]
    journal = journal_headers(raw)
    assert journal == redact_headers(pairs)
    assert journal["authorization"] == "Bearer <redacted>"
    assert journal["x-dup"] == "second"
    assert journal["api-key"] == "<redacted>"


def _entry(raw: list[tuple[bytes, bytes]], body: bytes) -> RecordedRequest:
    return RecordedRequest.from_asgi(
        "chat.completions.create",
        "POST",
        "/v1/chat/completions",
        {},
        raw,
        style="openai",
        deployment=None,
        request_id="req_1",
        json_body=body,
        status=200,
    )


def test_a_journal_entry_decodes_its_headers_and_body_when_read() -> None:
    raw = [(b"authorization", b"Bearer sk-secret-value"), (b"x-a", b"1")]
    entry = _entry(raw, b'{"model": "gpt-4o-mini"}')
    twin = _entry(raw, b'{"model": "gpt-4o-mini"}')
    assert entry.headers == {"authorization": "Bearer <redacted>", "x-a": "1"}
    assert entry.json == {"model": "gpt-4o-mini"}
    assert entry.model == "gpt-4o-mini"
    assert entry.json is entry.json  # parsed once
    assert entry == twin
    assert entry.json is not twin.json  # each entry its own object
    twin.json = {"model": "other"}
    assert entry != twin
    assert "sk-secret-value" not in repr(entry)
    not_object = RecordedRequest.from_asgi(
        None, "POST", "/x", {}, [], style="openai", deployment=None, request_id="", json_body=b"[1]"
    )
    assert not_object.json is None
    assert not_object.model is None


@pytest.mark.parametrize("azure", [False, True])
@pytest.mark.parametrize("model_headers", [True, False])
def test_raw_headers_are_lowercase_unique_and_complete(azure: bool, model_headers: bool) -> None:
    ids = RequestIds(3, 7)
    request = {"openai-organization": "org-1", "x-ms-client-request-id": "cid"}
    kwargs: dict[str, Any] = {
        "azure": azure,
        "model_headers": model_headers,
        "processing_ms": 12,
        "tokens": 40,
        "request_headers": request,
        "region": "West Europe",
    }
    raw = raw_response_headers(ids, **kwargs)
    assert all(name == name.lower() for name, _ in raw)
    assert (b"openai-organization", b"org-1") in raw
    assert raw[0] == (b"x-request-id", ids.request_id(azure=azure).encode())
    assert len({name for name, _ in raw}) == len(raw)
    assert ((b"ms-azureml-model-time", b"12") in raw) is (azure and model_headers)


# -- routing -----------------------------------------------------------------------------


def test_remembered_routes_still_read_each_request_path() -> None:
    mock = MockServer(seed=0, deployments={"alpha": "gpt-4o", "beta": "gpt-4o-mini"})
    body = {"messages": [{"role": "user", "content": "hi"}]}
    statuses = []
    with httpx.Client(transport=mock.transport(), base_url="http://mock.test") as http:
        for _ in range(2):
            for name in ("alpha", "beta", "gamma"):
                url = f"/openai/deployments/{name}/chat/completions?api-version={API_VERSION}"
                answer = http.post(url, json=body, headers=AZURE_AUTH)
                statuses.append((answer.status_code, answer.json().get("model")))
            # a method the path does not serve: the service's 404
            statuses.append((http.get("/v1/chat/completions", headers=AUTH).status_code, None))
            # a method no operation takes: the service's 404 too (never a plain-text 405)
            statuses.append((http.request("TRACE", "/v1/models", headers=AUTH).status_code, None))
    first = [
        (200, "gpt-4o-2024-08-06"),
        (200, "gpt-4o-mini-2024-07-18"),
        (404, None),
        (404, None),
        (404, None),
    ]
    assert statuses == first + first
    deployments = [(e.deployment, e.status) for e in mock.requests]
    once = [("alpha", 200), ("beta", 200), ("gamma", 404), (None, 404), (None, 404)]
    assert deployments == once + once


def test_a_route_added_later_is_found() -> None:
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route

    mock = MockServer(seed=0)
    with httpx.Client(transport=mock.transport(), base_url="http://mock.test") as http:
        assert http.get("/v1/extra", headers=AUTH).status_code == 404

        async def extra(request: Any) -> PlainTextResponse:
            return PlainTextResponse("extra")

        mock.app.router.routes.insert(0, Route("/v1/extra", extra))
        assert http.get("/v1/extra", headers=AUTH).text == "extra"
