"""Credentials hidden where a simple scan misses them: none may reach a written cassette.

Azure's ``subscription-key`` query parameter, custom secret-named headers, keys
right after a JSON escape (request and response), a gzip-compressed request
body and a base64-encoded key. What is data (a hex digest in a message, the
rate-limit token counters) stays.
"""

from __future__ import annotations

import base64
import gzip
import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import yaml

from openai_kit.pytest_plugin._cassette import Cassette, RecordMode
from openai_kit.pytest_plugin._scrub import MARKER, scrub_headers, scrub_url
from openai_kit.pytest_plugin._scrub_names import configure
from tests.pytest_plugin.test_scrub import JWT, LEGACY_KEY, PROJECT_KEY, SESSION_KEY

AUTH_TOKEN = "tok_9f8e7d6c5b4a39281706f5e4d3c2b1a0"
CUSTOM_SECRET = "cs_Zq8Xw7Vu6Ts5Rq4Po3Nm2Lk1"
SUBSCRIPTION_KEY = "5d41402abc4b2a76b9719d911017c592"
DIGEST = "9e107d9d372bb6826bd81d3542a419d6"  # data: a hash inside a message
SECRETS = (PROJECT_KEY, LEGACY_KEY, SESSION_KEY, JWT, AUTH_TOKEN, CUSTOM_SECRET, SUBSCRIPTION_KEY)
URL = "https://example-resource.openai.azure.com/openai/deployments/gpt/chat/completions"


def message(text: str) -> bytes:
    return json.dumps({"messages": [{"role": "user", "content": text}]}).encode()


def echo(request: httpx.Request) -> httpx.Response:
    body = json.dumps(
        {"answer": f"line\n{LEGACY_KEY}\ttab\t{JWT}\r\n{DIGEST}"}, ensure_ascii=True
    ).encode()
    return httpx.Response(
        200,
        headers={
            "content-type": "application/json",
            "x-ratelimit-remaining-tokens": "149984",
            "x-session-token": SESSION_KEY,
        },
        content=body,
    )


def record(path: Path) -> None:
    with Cassette.open(path, record_mode=RecordMode.ALL) as cassette:
        transport = cassette.wrap_sync(httpx.MockTransport(echo))
        with httpx.Client(transport=transport) as client:
            params = {"api-version": "2024-10-21", "subscription-key": SUBSCRIPTION_KEY}
            headers = {
                "X-Auth-Token": AUTH_TOKEN,
                "X-Custom-Secret": CUSTOM_SECRET,
                "Idempotency-Key": "stainless-retry-1",
                "content-type": "application/json",
            }
            escaped = message(f"first\n{PROJECT_KEY}\tthen\t{JWT} digest {DIGEST}")
            client.post(URL, params=params, headers=headers, content=escaped)
            compressed = gzip.compress(message(f"zipped {LEGACY_KEY}"))
            client.post(URL, headers={"content-encoding": "gzip"}, content=compressed)
            hidden = base64.b64encode(f"user:{PROJECT_KEY}".encode()).decode()
            client.post(URL, content=message(f"b64 {hidden} end"))


def texts(value: object) -> Iterator[str]:
    """Every string written, gzip bodies decompressed, base64 runs decoded too."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from texts(item)
    elif isinstance(value, bytes):
        yield value.decode("latin-1")
        try:
            yield gzip.decompress(value).decode("latin-1")
        except OSError:
            pass
    elif isinstance(value, str):
        yield value
        for word in value.replace('"', " ").split():
            try:
                yield base64.b64decode(word + "=" * (-len(word) % 4)).decode("latin-1")
            except ValueError:
                pass


def test_zero_credentials_are_written(tmp_path: Path) -> None:
    path = tmp_path / "adversarial.yaml"
    record(path)
    raw = path.read_bytes()
    data = yaml.safe_load(raw)
    written = list(texts(data))
    for secret in SECRETS:
        assert secret.encode() not in raw
        for text in written:
            assert secret not in text, secret
            assert secret[:20] not in text, secret
    first, zipped, hidden = data["interactions"]
    assert first["request"]["uri"].endswith(f"subscription-key={MARKER}")
    assert first["request"]["headers"]["x-auth-token"] == [MARKER]
    assert first["request"]["headers"]["x-custom-secret"] == [MARKER]
    assert first["response"]["headers"]["x-session-token"] == [MARKER]
    # data stays data
    assert first["request"]["headers"]["idempotency-key"] == ["stainless-retry-1"]
    assert first["response"]["headers"]["x-ratelimit-remaining-tokens"] == ["149984"]
    assert DIGEST in first["request"]["body"]
    assert DIGEST in json.loads(first["response"]["body"]["string"])["answer"]
    assert json.loads(first["request"]["body"])["messages"][0]["content"] == (
        f"first\n{MARKER}\tthen\t{MARKER} digest {DIGEST}"
    )
    unzipped = json.loads(gzip.decompress(zipped["request"]["body"]))
    assert unzipped["messages"][0]["content"] == f"zipped {MARKER}"
    assert json.loads(hidden["request"]["body"])["messages"][0]["content"] == f"b64 {MARKER} end"


@pytest.fixture
def policy() -> Iterator[None]:
    yield
    configure()


def test_the_name_lists_are_configurable(policy: None) -> None:
    headers = (("X-Trace-Context", "abc"), ("X-Auth-Token", "t"), ("X-Plain", "p"))
    assert scrub_headers(headers) == (
        ("X-Trace-Context", "abc"),
        ("X-Auth-Token", MARKER),
        ("X-Plain", "p"),
    )
    configure(denied=["x-trace-*"], allowed=["x-auth-token"])
    assert scrub_headers(headers) == (
        ("X-Trace-Context", MARKER),
        ("X-Auth-Token", "t"),
        ("X-Plain", "p"),
    )
    assert scrub_url("https://h/p?x-trace-id=1&q=2") == f"https://h/p?x-trace-id={MARKER}&q=2"
    configure(denied=["x-auth-token"], allowed=["x-auth-token"])  # on both lists: scrubbed
    assert scrub_headers(headers)[1] == ("X-Auth-Token", MARKER)
