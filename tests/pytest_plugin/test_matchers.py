"""The cassette matchers: keys that index interactions, and one-line explanations."""

from __future__ import annotations

import json

import pytest

from openai_kit.pytest_plugin._matchers import (
    DEFAULT_MATCH_ON,
    MATCHERS,
    VOLATILE_FIELDS,
    RequestView,
    differences,
    json_differences,
    resolve_matchers,
)

URL = "https://api.openai.com/v1/chat/completions"
JSON = (("content-type", "application/json"),)


def view(
    body: object = None,
    *,
    method: str = "POST",
    uri: str = URL,
    headers: tuple[tuple[str, str], ...] = JSON,
) -> RequestView:
    raw = body if isinstance(body, bytes) else b"" if body is None else json.dumps(body).encode()
    return RequestView.build(method, uri, headers, raw)


def keys(a: RequestView, b: RequestView, names: tuple[str, ...] = DEFAULT_MATCH_ON) -> bool:
    """Whether ``a`` and ``b`` have the same key under ``names``."""
    matchers = resolve_matchers(names)
    return tuple(m.key(a) for m in matchers) == tuple(m.key(b) for m in matchers)


CHAT = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Hi"}]}


# --------------------------------------------------------------------------------------------
# What the default matchers ignore and what they do not
# --------------------------------------------------------------------------------------------


def test_json_key_order_is_ignored() -> None:
    reordered = {"messages": CHAT["messages"], "model": "gpt-4o-mini"}
    a = view(b'{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hi"}]}')
    b = view(json.dumps(reordered, indent=4).encode())
    assert keys(a, b)


@pytest.mark.parametrize("field", sorted(VOLATILE_FIELDS))
def test_volatile_fields_are_ignored_by_body_but_not_by_json_body(field: str) -> None:
    a = view({**CHAT, field: "run-1"})
    b = view({**CHAT, field: {"started": "2026-01-01T00:00:00Z"}})
    assert keys(a, b)
    assert keys(a, view(CHAT))
    assert not keys(a, b, ("json_body",))


@pytest.mark.parametrize(
    "change",
    [
        {"stream": True},
        {"stream_options": {"include_usage": True}},
        {"temperature": 0.2},
        {"messages": [{"role": "user", "content": "Hello"}]},
        {"model": "gpt-4o"},
    ],
    ids=["stream", "stream_options", "temperature", "messages", "model"],
)
def test_fields_that_change_the_answer_are_matched(change: dict[str, object]) -> None:
    assert not keys(view(CHAT), view({**CHAT, **change}))


def test_volatile_fields_only_count_at_the_top_level() -> None:
    nested_a = {**CHAT, "tools": [{"type": "function", "function": {"name": "f", "user": 1}}]}
    nested_b = {**CHAT, "tools": [{"type": "function", "function": {"name": "f", "user": 2}}]}
    assert not keys(view(nested_a), view(nested_b))


def test_query_order_and_secret_parameters_are_ignored() -> None:
    a = view(CHAT, uri=URL + "?api-version=2024-10-21&b=2&api-key=abc123")
    b = view(CHAT, uri=URL + "?b=2&api-version=2024-10-21&key=other")
    assert keys(a, b)
    assert not keys(a, view(CHAT, uri=URL + "?api-version=2024-06-01&b=2"))


def test_host_scheme_and_port_are_not_matched_by_default() -> None:
    local = view(CHAT, uri="http://127.0.0.1:8000/v1/chat/completions")
    assert keys(view(CHAT), local)
    assert not keys(view(CHAT), local, ("host",))
    assert not keys(view(CHAT), local, ("scheme",))
    assert not keys(view(CHAT), local, ("port",))
    assert not keys(view(CHAT), local, ("uri",))
    assert keys(
        view(CHAT), view(CHAT, uri="https://api.openai.com:443/v1/chat/completions"), ("uri",)
    )


def test_paths_are_decoded_and_slash_runs_collapsed() -> None:
    assert (
        view(uri="https://x.test//openai/deployments/gpt/chat").path
        == "/openai/deployments/gpt/chat"
    )
    assert keys(
        view(method="DELETE", uri="https://x.test/v1/models/ft%3Agpt-4o%3Aacme"),
        view(method="DELETE", uri="https://x.test/v1/models/ft:gpt-4o:acme"),
    )


def test_method_is_matched_case_insensitively() -> None:
    assert keys(view(method="get", uri=URL), view(method="GET", uri=URL))
    assert not keys(view(method="GET", uri=URL), view(method="DELETE", uri=URL))


def test_secrets_in_bodies_are_scrubbed_before_matching() -> None:
    with_key = {**CHAT, "messages": [{"role": "user", "content": "key sk-proj-" + "a" * 40}]}
    other_key = {**CHAT, "messages": [{"role": "user", "content": "key sk-proj-" + "b" * 40}]}
    assert keys(view(with_key), view(other_key))


def test_multipart_bodies_match_whatever_their_boundary() -> None:
    def upload(boundary: str, content: bytes = b"hello") -> RequestView:
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="purpose"\r\n\r\nbatch\r\n'
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.jsonl"\r\n'
                f"Content-Type: application/octet-stream\r\n\r\n"
            ).encode()
            + content
            + f"\r\n--{boundary}--\r\n".encode()
        )
        headers = (("content-type", f"multipart/form-data; boundary={boundary}"),)
        return view(body, uri="https://api.openai.com/v1/files", headers=headers)

    assert keys(upload("a1b2c3"), upload("ffeedd"))
    assert not keys(upload("a1b2c3"), upload("ffeedd", b"other"))
    assert not keys(upload("a1b2c3"), upload("ffeedd"), ("raw_body",))


def test_bodies_that_are_not_json_compare_as_bytes() -> None:
    plain = (("content-type", "text/plain"),)
    assert keys(view(b"[not json", headers=plain), view(b"[not json", headers=plain))
    assert not keys(view(b"abc", headers=plain), view(b"abd", headers=plain))
    assert keys(view(None), view(b""))


# --------------------------------------------------------------------------------------------
# Explanations
# --------------------------------------------------------------------------------------------


def test_body_explanation_names_the_json_paths_that_differ() -> None:
    matchers = resolve_matchers(None)
    recorded = view({**CHAT, "temperature": 0.2})
    live = view({**CHAT, "messages": [{"role": "user", "content": "Hello"}], "stream": True})
    (reason,) = differences(matchers, recorded, live)
    assert reason.startswith("body: ")
    assert '$.messages[0].content: recorded "Hi", this request "Hello"' in reason
    assert "$.stream: true in this request, absent from the recording" in reason
    assert "$.temperature: recorded 0.2, absent from this request" in reason


def test_body_explanation_stops_after_three_differences() -> None:
    recorded = view({"a": 1, "b": 2, "c": 3, "d": 4})
    live = view({"a": 0, "b": 0, "c": 0, "d": 0})
    (reason,) = differences(resolve_matchers(("body",)), recorded, live)
    assert reason.count("recorded") == 3
    assert reason.endswith("(and more)")


def test_explanations_for_each_default_matcher() -> None:
    recorded = view(b"abc", uri=URL + "?a=1", headers=(("content-type", "text/plain"),))
    live = view(b"abX", method="PUT", uri="https://x.test/v1/embeddings?a=2&b=3")
    reasons = differences(resolve_matchers(None), recorded, live)
    assert reasons == [
        'method: recorded "POST", this request "PUT"',
        'path: recorded "/v1/chat/completions", this request "/v1/embeddings"',
        "query: recorded only a=1; this request only a=2&b=3",
        "body: recorded 3 bytes, this request 3; they differ from byte 2",
    ]


def test_body_explanation_when_only_one_side_is_json() -> None:
    (reason,) = differences(resolve_matchers(("body",)), view(CHAT), view(b"plain text"))
    assert reason == "body: recorded JSON, this request not JSON"


def test_json_differences_reports_lengths_and_types() -> None:
    assert list(json_differences([1, 2], [1, 2, 3])) == ["$: recorded 2 items, this request 3"]
    assert list(json_differences({"n": 1}, {"n": 1.0})) == ["$.n: recorded 1, this request 1.0"]
    assert list(json_differences({"n": [1]}, {"n": [1]})) == []


def test_long_values_are_shortened_in_explanations() -> None:
    (reason,) = differences(resolve_matchers(("body",)), view({"p": "x" * 500}), view({"p": "y"}))
    assert len(reason) < 200
    assert "…" in reason


# --------------------------------------------------------------------------------------------
# Choosing matchers
# --------------------------------------------------------------------------------------------


def test_default_match_on_and_available_names() -> None:
    assert DEFAULT_MATCH_ON == ("method", "path", "query", "body")
    assert [m.name for m in resolve_matchers(None)] == list(DEFAULT_MATCH_ON)
    assert set(MATCHERS) == {
        "method",
        "scheme",
        "host",
        "port",
        "path",
        "query",
        "uri",
        "body",
        "json_body",
        "raw_body",
    }
    for name, matcher in MATCHERS.items():
        assert matcher.name == name


def test_unknown_matcher_names_are_refused_with_the_valid_ones() -> None:
    with pytest.raises(ValueError, match=r"unknown cassette matcher\(s\) 'bdy'; valid: method, "):
        resolve_matchers(["method", "bdy"])
    with pytest.raises(ValueError, match="at least one"):
        resolve_matchers([])
    with pytest.raises(TypeError, match="not the string"):
        resolve_matchers("method")


def test_duplicate_names_count_once() -> None:
    assert [m.name for m in resolve_matchers(["path", "method", "path"])] == ["path", "method"]
