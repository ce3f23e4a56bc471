"""Fault builders: what they make, their JSON and text forms, and the nonsense they refuse."""

from __future__ import annotations

from typing import Any

import pytest

from openai_kit.mockserver import faults
from openai_kit.mockserver._faults_bodies import azure_operation_id, duration_text

EVERY_KIND: list[faults.Fault] = [
    faults.status(429, retry_after=2.5, headers={"X-Extra": "1"}),
    faults.status(503, body={"error": {"message": "custom"}}),
    faults.status(429, error="insufficient_quota"),
    faults.latency(0.25),
    faults.hang(),
    faults.disconnect(),
    faults.stream_cut(3),
    faults.stream_error(2, code="rate_limit_exceeded", message="Slow down.", param="input"),
    faults.malformed(),
    faults.slow_stream(0.1),
    faults.rate_limit(rpm=3, tpm=1000, per="deployment"),
    faults.one_of(faults.status(500), faults.hang()),
]


@pytest.mark.parametrize("fault", EVERY_KIND, ids=lambda f: f.kind)
def test_json_form_round_trips(fault: faults.Fault) -> None:
    data = fault.to_json()
    assert data["kind"] == fault.kind
    assert faults.from_json(data) == fault


def test_builders_make_the_documented_faults() -> None:
    status = faults.status(429, retry_after=2, headers={"X-Trace": "t"})
    assert (status.status, status.retry_after, status.headers) == (429, 2.0, (("x-trace", "t"),))
    assert faults.latency(1).seconds == 1.0
    assert faults.stream_cut(0).after_events == 0
    assert faults.slow_stream(0.5).seconds_per_event == 0.5
    limit = faults.rate_limit(rpm=10)
    assert (limit.rpm, limit.tpm, limit.per) == (10, None, "key")
    assert faults.hang() == faults.hang()
    assert faults.status(500).to_json() == {"kind": "status", "status": 500}


@pytest.mark.parametrize(
    ("helper", "status", "error"),
    [
        (faults.rate_limited, 429, "rate_limit_exceeded"),
        (faults.quota_exceeded, 429, "insufficient_quota"),
        (faults.insufficient_quota, 429, "insufficient_quota"),
        (faults.server_error, 500, "server_error"),
        (faults.bad_gateway, 502, "bad_gateway"),
        (faults.service_unavailable, 503, "overloaded"),
        (faults.gateway_timeout, 504, "gateway_timeout"),
        (faults.invalid_api_key, 401, "invalid_api_key"),
        (faults.permission_denied, 403, "permission_denied"),
        (faults.model_not_found, 404, "model_not_found"),
        (faults.content_filter, 400, "content_filter"),
    ],
)
def test_named_helpers(helper: Any, status: int, error: str) -> None:
    fault = helper()
    assert isinstance(fault, faults.StatusFault)
    assert (fault.status, fault.error) == (status, error)
    assert faults.ERRORS[error] == status


@pytest.mark.parametrize(
    ("build", "exc", "words"),
    [
        (lambda: faults.status("503"), TypeError, "status must be an integer"),
        (lambda: faults.status(True), TypeError, "integer"),
        (lambda: faults.status(200), ValueError, "mock.script"),
        (lambda: faults.status(600), ValueError, "400-599"),
        (lambda: faults.status(399), ValueError, "400-599"),
        (lambda: faults.status(503, error="insufficient_quota"), ValueError, "429"),
        (lambda: faults.status(503, error="nope"), ValueError, "unknown error"),
        (lambda: faults.status(503, error=5), TypeError, "error"),
        (lambda: faults.status(503, retry_after=-1), ValueError, "retry_after"),
        (lambda: faults.status(503, retry_after="1"), TypeError, "retry_after"),
        (lambda: faults.status(503, body=object()), TypeError, "body"),
        (lambda: faults.status(503, headers={"a": 1}), TypeError, "strings"),
        (lambda: faults.status(503, headers=[("a", "b")]), TypeError, "mapping"),
        (lambda: faults.status(503, headers={"a": "b\r\nc: d"}), ValueError, "invalid header"),
        (lambda: faults.status(503, headers={"a b": "c"}), ValueError, "invalid header"),
        (lambda: faults.latency(-0.1), ValueError, "seconds"),
        (lambda: faults.latency(float("nan")), ValueError, "finite"),
        (lambda: faults.latency(float("inf")), ValueError, "finite"),
        (lambda: faults.latency("1"), TypeError, "seconds"),
        (lambda: faults.stream_cut(-1), ValueError, "after_events"),
        (lambda: faults.stream_cut(1.5), TypeError, "after_events"),
        (lambda: faults.slow_stream(-1), ValueError, "seconds_per_event"),
        (lambda: faults.stream_error(-1), ValueError, "after_events"),
        (lambda: faults.stream_error("2"), TypeError, "after_events"),
        (lambda: faults.stream_error(1, code=5), TypeError, "code"),
        (lambda: faults.stream_error(1, code=""), ValueError, "code"),
        (lambda: faults.stream_error(1, message=""), ValueError, "message"),
        (lambda: faults.stream_error(1, message=None), TypeError, "message"),
        (lambda: faults.stream_error(1, param=3), TypeError, "param"),
        (lambda: faults.rate_limit(), ValueError, "rpm, tpm"),
        (lambda: faults.rate_limit(rpm=0), ValueError, "rpm"),
        (lambda: faults.rate_limit(tpm=-5), ValueError, "tpm"),
        (lambda: faults.rate_limit(rpm=1.5), TypeError, "rpm"),
        (lambda: faults.rate_limit(rpm=1, per="org"), ValueError, "per"),
        (lambda: faults.one_of(), ValueError, "at least one"),
        (lambda: faults.one_of(faults.rate_limit(rpm=1)), ValueError, "rate_limit"),
        (lambda: faults.one_of(faults.one_of(faults.hang())), ValueError, "one_of"),
        (lambda: faults.one_of(503), TypeError, "faults"),
    ],
)
def test_nonsense_is_refused(build: Any, exc: type[Exception], words: str) -> None:
    with pytest.raises(exc, match=words):
        build()


def test_from_json_shorthands() -> None:
    assert faults.from_json(503) == faults.status(503)
    assert faults.from_json("hang") == faults.hang()
    assert faults.from_json("status=429; retry_after=1") == faults.status(429, retry_after=1)
    assert faults.from_json(faults.malformed()) == faults.malformed()
    assert faults.from_json("stream_error=2; code=null") == faults.stream_error(2, code=None)
    assert faults.from_json({"kind": "stream_error", "after_events": 0}) == faults.stream_error(0)
    assert faults.sequence_from_json([429, None, {"kind": "disconnect"}]) == [
        faults.status(429),
        None,
        faults.disconnect(),
    ]
    assert faults.sequence_from_json({"kind": "hang"}) == faults.hang()


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"kind": "explode"}, "unknown fault kind 'explode'; known: status, latency"),
        ({"status": 500}, "needs a 'kind'"),
        ({"kind": "status"}, "needs 'status'"),
        ({"kind": "latency"}, "needs 'seconds'"),
        ({"kind": "hang", "seconds": 1}, r"unknown field\(s\) for a hang fault: seconds"),
        ({"kind": "status", "status": 500, "colour": "red"}, "colour"),
        ({"kind": "one_of", "faults": "x"}, "list of faults"),
        (True, "a fault is an object"),
        (1.5, "a fault is an object"),
        ([], "a fault is an object"),
    ],
)
def test_from_json_refuses(data: Any, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        faults.from_json(data)


def test_an_empty_sequence_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one item"):
        faults.sequence_from_json([])


@pytest.mark.parametrize(
    ("spec", "fault"),
    [
        ("status=503", faults.status(503)),
        (" status = 429 ; retry_after = 2 ", faults.status(429, retry_after=2)),
        ("status=429; error=insufficient_quota", faults.quota_exceeded()),
        ('status=500; body="oops"', faults.status(500, body="oops")),
        ("hang", faults.hang()),
        ("disconnect", faults.disconnect()),
        ("malformed", faults.malformed()),
        ("latency=0.5", faults.latency(0.5)),
        ("stream_cut=3", faults.stream_cut(3)),
        ("slow_stream=0.1", faults.slow_stream(0.1)),
        ("rate_limit; rpm=5; per=deployment", faults.rate_limit(rpm=5, per="deployment")),
        ('{"kind": "status", "status": 502}', faults.status(502)),
    ],
)
def test_parse_spec(spec: str, fault: faults.Fault) -> None:
    assert faults.parse_spec(spec) == fault


@pytest.mark.parametrize(
    ("spec", "words"),
    [
        ("", "unknown fault kind ''"),
        ("boom", "unknown fault kind"),
        ("hang=1", "takes no value"),
        ("status", "needs 'status'"),
        ("status=abc", "must be an integer"),
        ("status=503; retry_after", "expected name=value"),
        ("{not json", "not valid JSON"),
        ("status=503; colour=red", "colour"),
    ],
)
def test_parse_spec_refuses(spec: str, words: str) -> None:
    with pytest.raises((ValueError, TypeError), match=words):
        faults.parse_spec(spec)


def test_parse_spec_takes_strings_only() -> None:
    with pytest.raises(TypeError):
        faults.parse_spec(503)  # type: ignore[arg-type]


def test_kinds_table_lists_every_kind() -> None:
    assert set(faults.KINDS) == {f.kind for f in EVERY_KIND}
    assert faults.FAULT_HEADER == "x-mock-fault"


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0.0004, "1ms"), (0.12, "120ms"), (1, "1s"), (1.5, "1.5s"), (20, "20s"), (90, "1m30s")],
)
def test_duration_text(seconds: float, text: str) -> None:
    assert duration_text(seconds) == text


def test_azure_operation_ids() -> None:
    assert azure_operation_id("chat.completions.create") == "ChatCompletions_Create"
    assert azure_operation_id("embeddings.create") == "Embeddings_Create"
    assert azure_operation_id("files.list") == "Files_List"
    assert azure_operation_id(None) == "Unknown"
