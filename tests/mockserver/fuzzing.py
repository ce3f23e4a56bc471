"""Seeded generators of hostile requests for the fuzz suite (``test_fuzz.py``).

Every served operation comes from ``openai_kit.mockserver.api.AREAS`` through
the URL table, so a new area is fuzzed without a line here. Requests mix real
parameter names with values a client should never send (non-finite numbers,
lone surrogates, deep nesting, control characters, wrong types, huge
numbers), broken bodies (invalid JSON, invalid UTF-8, truncated multipart)
and odd path parameters and query strings.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from openai_kit.mockserver._app import url_table
from openai_kit.mockserver._operation import Operation
from openai_kit.mockserver.api import AREAS

KEY = "sk-fuzz-0123456789abcdefghijklmnop"
API_VERSION = "2024-10-21"

PARAMS = [
    "model",
    "input",
    "messages",
    "prompt",
    "temperature",
    "top_p",
    "n",
    "stream",
    "stream_options",
    "max_tokens",
    "max_completion_tokens",
    "max_output_tokens",
    "stop",
    "presence_penalty",
    "frequency_penalty",
    "logit_bias",
    "logprobs",
    "top_logprobs",
    "user",
    "tools",
    "tool_choice",
    "parallel_tool_calls",
    "response_format",
    "seed",
    "instructions",
    "previous_response_id",
    "conversation",
    "store",
    "metadata",
    "background",
    "include",
    "text",
    "reasoning",
    "truncation",
    "dimensions",
    "encoding_format",
    "purpose",
    "file",
    "items",
    "after",
    "limit",
    "order",
    "modalities",
    "audio",
    "prediction",
    "service_tier",
    "suffix",
    "echo",
    "best_of",
]

NASTY_TOKENS = (
    "NaN",
    "Infinity",
    "-Infinity",
    "1e400",
    "-1e400",
    "1" * 400,
    '"\\ud800"',
    '"\\udfff x"',
    '"a\\u0000b"',
    '"\\ud83d\\ude00"',
    "[" * 300 + "]" * 300,
    '{"a":' * 200 + "1" + "}" * 200,
)


def _scalar(rng: random.Random) -> Any:
    return rng.choice(
        [
            None,
            True,
            False,
            0,
            -1,
            1,
            2**63,
            -(2**70),
            0.5,
            -0.0,
            1e300,
            "",
            "gpt-4o-mini",
            "gpt-4o",
            "text-embedding-3-small",
            "omni-moderation-latest",
            "x" * rng.choice([1, 100, 5000]),
            "\x00\x01\x7f",
            "é€😀",
            "\u202e rtl",
            "user",
            "assistant",
            "auto",
            "none",
            "file-abc",
            "resp_x",
        ]
    )


def _value(rng: random.Random, depth: int = 0) -> Any:
    roll = rng.random()
    if depth > 3 or roll < 0.55:
        return _scalar(rng)
    if roll < 0.75:
        return [_value(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    keys = ["role", "content", "type", "text", "name", "function", "arguments", "id", "url"]
    return {rng.choice(keys + PARAMS): _value(rng, depth + 1) for _ in range(rng.randint(0, 4))}


def _messages(rng: random.Random) -> Any:
    role = rng.choice(["user", "system", "assistant", "tool", "developer", "robot", 5])
    content = rng.choice(["hi", "", None, [{"type": "text", "text": "x"}], [{"type": "bad"}], 7])
    return [{"role": role, "content": content}]


def _object(rng: random.Random) -> dict[str, Any]:
    body: dict[str, Any] = {}
    if rng.random() < 0.8:
        body["model"] = rng.choice(["gpt-4o-mini", "text-embedding-3-small", "nope", 5, None])
    if rng.random() < 0.6:
        body["messages"] = _messages(rng)
    if rng.random() < 0.6:
        body["input"] = rng.choice(["hello", ["a", "b"], [], [1, 2], "", None, {"x": 1}])
    for _ in range(rng.randint(0, 4)):
        body[rng.choice(PARAMS)] = _value(rng)
    return body


def json_body(rng: random.Random) -> bytes:
    """A JSON body: mostly a near-valid object, sometimes with a hostile token spliced in."""
    roll = rng.random()
    if roll < 0.08:
        return rng.choice([b"", b"{", b"null", b"[]", b'"x"', b"\xff\xfe{}", b"{'a': 1}", b"{}"])
    text = json.dumps(_object(rng), allow_nan=True)
    if roll < 0.45:
        name = rng.choice(PARAMS)
        token = rng.choice(NASTY_TOKENS)
        splice = f'"{name}": {token}, '
        text = "{" + splice + text[1:] if text != "{}" else "{" + splice[:-2] + "}"
    if rng.random() < 0.05:
        text = text[: rng.randint(0, len(text))]
    return text.encode("utf-8", "surrogatepass")


def multipart_body(rng: random.Random) -> tuple[bytes, str]:
    """A multipart body (sometimes broken) and its content type."""
    boundary = "fuzzB"
    parts = []
    for _ in range(rng.randint(0, 3)):
        name = rng.choice(["file", "purpose", "model", "image", "bytes", "expires_after"])
        if rng.random() < 0.5:
            filename = rng.choice(["a.jsonl", "€.jsonl", "x\x00y", "", "a\nb", "../../etc"])
            head = f'Content-Disposition: form-data; name="{name}"; filename="{filename}"'
            data = rng.choice([b'{"a": 1}\n', b"", b"\xff" * 10, b"x" * 1000])
        else:
            head = f'Content-Disposition: form-data; name="{name}"'
            data = str(_scalar(rng)).encode("utf-8", "surrogatepass")
        parts.append(b"--" + boundary.encode() + b"\r\n" + head.encode() + b"\r\n\r\n" + data)
    body = b"\r\n".join(parts) + (b"\r\n--" + boundary.encode() + b"--\r\n" if parts else b"")
    if rng.random() < 0.15:
        body = body[: rng.randint(0, len(body))]
    content_type = rng.choice(
        [f"multipart/form-data; boundary={boundary}", "application/json", "multipart/form-data"]
    )
    return body, content_type


_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def fill(path: str, rng: random.Random) -> str:
    def value(match: re.Match[str]) -> str:
        if match.group(1) == "deployment" and rng.random() < 0.7:
            return "gpt-4o-mini"
        raw = rng.choice(["x", "file-abc", "resp_123", "msg_1", "..", "%", "€", "a" * 300, "\x00"])
        return quote(raw, safe="")

    return _PLACEHOLDER.sub(value, path)


def query(rng: random.Random, style: str) -> str:
    items = []
    if style == "azure" and rng.random() < 0.9:
        items.append(("api-version", rng.choice([API_VERSION, "bad", "2024-13-45-preview"])))
    names = ["limit", "after", "order", "purpose", "include[]", "x"]
    values = ["-1", "0", "5", "1e9", "zz", "\x00", "€"]
    items += [(rng.choice(names), rng.choice(values)) for _ in range(rng.randint(0, 2))]
    return "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in items)


@dataclass(frozen=True)
class Case:
    method: str
    url: str
    headers: dict[str, str]
    body: bytes


def routes() -> list[tuple[str, str, Operation]]:
    """``(style, path pattern, operation)`` of every served operation."""
    operations = [op for area in AREAS for op in area.operations]
    return [
        (style, path, op)
        for style, path, methods in url_table(operations)
        for op in methods.values()
    ]


def cases(style: str, path: str, op: Operation, count: int, seed: int) -> Iterator[Case]:
    rng = random.Random(f"{seed}:{style}:{path}:{op.method}")
    for _ in range(count):
        headers = {"authorization": f"Bearer {KEY}"} if style == "openai" else {"api-key": KEY}
        if rng.random() < 0.05:
            headers = rng.choice([{}, {"authorization": "Bearer"}, {"api-key": ""}])
        if op.body == "multipart":
            body, content_type = multipart_body(rng)
        else:
            body, content_type = json_body(rng), "application/json"
        if op.body == "none" and rng.random() < 0.7:
            body = b""
        headers["content-type"] = content_type
        method = op.method if rng.random() < 0.9 else rng.choice(["PUT", "PATCH", "TRACE", "BREW"])
        qs = query(rng, style)
        url = fill(path, rng) + ("?" + qs if qs else "")
        yield Case(method, url, headers, body)


ADMIN_PATHS = (
    "/_mock/faults",
    "/_mock/faults/fault_1",
    "/_mock/faults/hits",
    "/_mock/scripts",
    "/_mock/clock",
    "/_mock/requests",
    "/_mock/reset",
    "/_mock/nothing",
)


def admin_body(rng: random.Random) -> bytes:
    roll = rng.random()
    if roll < 0.3:
        fault: Any = rng.choice(
            [
                {"kind": "status", "status": _scalar(rng), "retry_after": _scalar(rng)},
                {"kind": "rate_limit", "rpm": _scalar(rng), "tpm": _scalar(rng)},
                {"kind": rng.choice(["latency", "slow_stream"]), "seconds": _scalar(rng)},
                {"kind": "status", "status": 503, "headers": _value(rng)},
                [None, {"kind": "stream_cut", "after_events": _scalar(rng)}],
                _scalar(rng),
            ]
        )
        rule = {
            "fault": fault,
            rng.choice(
                ["times", "after", "probability", "keep_on_reset", "header", "operation"]
            ): _scalar(rng),
        }
        return json.dumps(rule, allow_nan=True).encode()
    if roll < 0.6:
        script = {"operation": rng.choice(["chat.completions.create", "embeddings.create", 5])}
        for _ in range(rng.randint(1, 3)):
            script[
                rng.choice(["body", "status", "headers", "error", "content", "times", "chunks"])
            ] = _value(rng)
        return json.dumps(script, allow_nan=True).encode()
    if roll < 0.75:
        return json.dumps(
            {"advance": _scalar(rng), "frozen": _scalar(rng)}, allow_nan=True
        ).encode()
    return json_body(rng)


def admin_cases(count: int, seed: int) -> Iterator[Case]:
    rng = random.Random(f"{seed}:admin")
    for _ in range(count):
        method = rng.choice(["GET", "POST", "DELETE", "PUT", "TRACE"])
        path = rng.choice(ADMIN_PATHS)
        if path == "/_mock/requests" and rng.random() < 0.5:
            path += "?" + rng.choice(["limit=2", "limit=0", "limit=x", "after=zz", "limit=99999"])
        yield Case(
            method,
            path,
            {"content-type": rng.choice(["application/json", "text/plain"])},
            admin_body(rng),
        )
