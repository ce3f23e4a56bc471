"""Responses streams framed like the real API, the stream-error fault on the wire, content
scripts for ``responses.create``, model headers, and the server's one clock."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from openai_kit.mockserver import MockServer, RecordedRequest, faults
from openai_kit.mockserver._scripts import request_text
from tests.mockserver.conftest import API_VERSION, AUTH, AZURE_AUTH

STREAM = {"model": "gpt-4o", "input": "Say hi.", "stream": True}
CHAT = {"model": "gpt-4o", "messages": [{"role": "user", "content": "Hi"}], "stream": True}


def blocks(text: str) -> list[str]:
    return [b for b in text.split("\n\n") if b]


def named(text: str) -> list[tuple[str, dict[str, Any]]]:
    """``(event name, data)`` of every block; each block must be ``event:`` then ``data:``."""
    out = []
    for block in blocks(text):
        event_line, data_line = block.split("\n")
        assert event_line.startswith("event: ") and data_line.startswith("data: "), block
        data = json.loads(data_line.removeprefix("data: "))
        out.append((event_line.removeprefix("event: "), data))
    return out


def post_stream(http: httpx.Client, **extra: Any) -> httpx.Response:
    return http.post("/v1/responses", json={**STREAM, **extra}, headers=AUTH)


# -- framing --------------------------------------------------------------------------------


def test_a_responses_stream_names_every_event_and_has_no_done(http: httpx.Client) -> None:
    response = post_stream(http)
    assert response.headers["content-type"].startswith("text/event-stream")
    assert "[DONE]" not in response.text
    events = named(response.text)
    assert all(name == data["type"] for name, data in events)
    assert [d["sequence_number"] for _, d in events] == list(range(len(events)))
    assert events[0][0] == "response.created" and events[-1][0] == "response.completed"


def test_a_resumed_stream_is_framed_the_same(http: httpx.Client) -> None:
    created = http.post(
        "/v1/responses", json={"model": "gpt-4o", "input": "Hi", "background": True}, headers=AUTH
    ).json()
    resumed = http.get(
        f"/v1/responses/{created['id']}",
        params={"stream": "true", "starting_after": 2},
        headers=AUTH,
    )
    events = named(resumed.text)
    assert events[0][1]["sequence_number"] == 3
    assert "[DONE]" not in resumed.text


def test_chat_streams_keep_data_lines_and_done(http: httpx.Client) -> None:
    text = http.post("/v1/chat/completions", json=CHAT, headers=AUTH).text
    assert all(b.startswith("data: ") for b in blocks(text))
    assert blocks(text)[-1] == "data: [DONE]"


def test_azure_responses_streams_are_named_too(http: httpx.Client) -> None:
    text = http.post(
        "/openai/v1/responses", json={**STREAM, "model": "gpt-4o"}, headers=AZURE_AUTH
    ).text
    assert named(text)[-1][0] == "response.completed"


def test_stream_cut_and_slow_stream_on_named_streams(mock: MockServer, http: httpx.Client) -> None:
    full = named(post_stream(http).text)
    mock.faults.add(faults.slow_stream(0.001), operation="responses.create", times=1)
    slow = post_stream(http).text
    assert [n for n, _ in named(slow)] == [n for n, _ in full] and "[DONE]" not in slow
    mock.faults.add(faults.stream_cut(2), operation="responses.create", times=1)
    with pytest.raises(httpx.RemoteProtocolError):
        post_stream(http)


def test_stream_cut_sends_whole_named_events(mock: MockServer, http: httpx.Client) -> None:
    mock.faults.add(faults.stream_cut(2), operation="responses.create", times=1)
    received: list[bytes] = []

    def read_all(response: httpx.Response) -> None:
        received.extend(response.iter_bytes())

    with (
        http.stream("POST", "/v1/responses", json=STREAM, headers=AUTH) as response,
        pytest.raises(httpx.RemoteProtocolError),
    ):
        read_all(response)
    assert [name for name, _ in named(b"".join(received).decode())] == [
        "response.created",
        "response.in_progress",
    ]


def test_malformed_named_stream_breaks_the_second_data_line(
    mock: MockServer, http: httpx.Client
) -> None:
    mock.faults.add(faults.malformed(), operation="responses.create", times=1)
    first, second, *rest = blocks(post_stream(http).text)
    assert first.startswith("event: response.created\ndata: {")
    assert second.startswith("event: response.in_progress\ndata: ")
    with pytest.raises(json.JSONDecodeError):
        json.loads(second.split("data: ", 1)[1])
    assert rest == []


def test_chunk_scripts_on_responses_are_named(mock: MockServer, http: httpx.Client) -> None:
    mock.script("responses.create", chunks=[{"type": "response.created", "sequence_number": 0}])
    assert post_stream(http).text == (
        'event: response.created\ndata: {"type":"response.created","sequence_number":0}\n\n'
    )


# -- the stream_error fault on the wire --------------------------------------------------------


def test_stream_error_on_a_responses_stream(mock: MockServer, http: httpx.Client) -> None:
    mock.faults.add(
        faults.stream_error(3, code="rate_limit_exceeded", message="Slow down."),
        operation="responses.create",
    )
    events = named(post_stream(http).text)
    assert [name for name, _ in events] == [
        "response.created",
        "response.in_progress",
        "response.output_item.added",
        "error",
        "response.failed",
    ]
    error = events[3][1]
    assert error == {
        "type": "error",
        "code": "rate_limit_exceeded",
        "message": "Slow down.",
        "param": None,
        "sequence_number": 3,
    }
    failed = events[4][1]
    assert failed["sequence_number"] == 4
    assert failed["response"]["status"] == "failed"
    assert failed["response"]["error"] == {"code": "rate_limit_exceeded", "message": "Slow down."}
    assert failed["response"]["id"] == events[0][1]["response"]["id"]


def test_stream_error_code_outside_the_failed_codes(mock: MockServer, http: httpx.Client) -> None:
    mock.faults.add(faults.stream_error(0, code="custom_code"), operation="responses.create")
    (_, error), (_, failed) = named(post_stream(http).text)
    assert (error["code"], error["sequence_number"]) == ("custom_code", 0)
    assert failed["response"]["error"]["code"] == "server_error"


def test_stream_error_on_a_resumed_stream_continues_the_numbers(
    mock: MockServer, http: httpx.Client
) -> None:
    created = http.post(
        "/v1/responses", json={"model": "gpt-4o", "input": "Hi", "background": True}, headers=AUTH
    ).json()
    mock.faults.add(faults.stream_error(0), operation="responses.retrieve")
    text = http.get(
        f"/v1/responses/{created['id']}",
        params={"stream": "true", "starting_after": 4},
        headers=AUTH,
    ).text
    assert named(text)[0][1]["sequence_number"] == 5


def test_stream_error_on_chat_and_json_answers(mock: MockServer, http: httpx.Client) -> None:
    mock.faults.add(faults.stream_error(2, code=None, param="messages"))
    out = blocks(http.post("/v1/chat/completions", json=CHAT, headers=AUTH).text)
    assert len(out) == 3 and all(b.startswith("data: ") for b in out)
    assert json.loads(out[2].removeprefix("data: ")) == {
        "error": {
            "message": faults.STREAM_ERROR_MESSAGE,
            "type": "server_error",
            "param": "messages",
            "code": None,
        }
    }
    plain = http.post("/v1/responses", json={"model": "gpt-4o", "input": "Hi"}, headers=AUTH)
    assert plain.json()["status"] == "completed"


def test_stream_error_over_the_admin_api_and_header(mock: MockServer, http: httpx.Client) -> None:
    rule = http.post(
        "/_mock/faults",
        json={"fault": {"kind": "stream_error", "after_events": 1, "code": "server_error"}},
    )
    assert rule.status_code == 201
    assert rule.json()["fault"]["kind"] == "stream_error"
    assert [n for n, _ in named(post_stream(http).text)][1:] == ["error", "response.failed"]
    http.delete("/_mock/faults")
    bad = http.post("/_mock/faults", json={"fault": {"kind": "stream_error", "after_events": -1}})
    assert bad.status_code == 400 and mock.faults.rules == []
    headers = {**AUTH, faults.FAULT_HEADER: "stream_error=2; message=Oops"}
    events = named(http.post("/v1/responses", json=STREAM, headers=headers).text)
    assert events[2][1]["message"] == "Oops"
    assert mock.requests.last.fault is not None
    assert mock.requests.last.fault["kind"] == "stream_error"


# -- content scripts and request text ---------------------------------------------------------


def test_content_scripts_answer_responses_create(mock: MockServer, http: httpx.Client) -> None:
    mock.script("responses.create", content="Scripted.", contains="tide")
    mock.script("responses.create", content="Other.")
    first = http.post(
        "/v1/responses",
        json={
            "model": "gpt-4o",
            "input": [{"role": "user", "content": [{"type": "input_text", "text": "the tide?"}]}],
        },
        headers=AUTH,
    ).json()
    assert first["output"][0]["content"][0]["text"] == "Scripted."
    events = named(post_stream(http).text)
    assert events[-1][1]["response"]["output"][0]["content"][0]["text"] == "Other."
    mock.scripts.assert_all_used()


def test_content_scripts_still_refuse_other_operations(mock: MockServer) -> None:
    with pytest.raises(ValueError, match=r"responses\.create"):
        mock.script("embeddings.create", content="x")


@pytest.mark.parametrize(
    ("body", "text"),
    [
        ({"input": "plain"}, "plain"),
        ({"input": [{"role": "user", "content": "a string"}]}, "a string"),
        (
            {
                "input": [
                    {
                        "type": "message",
                        "role": "user",
                        "content": [{"type": "input_text", "text": "part"}],
                    }
                ]
            },
            "part",
        ),
        ({"instructions": "be brief", "input": "x"}, "be brief\nx"),
        ({"input": [{"type": "function_call_output", "call_id": "c", "output": "12"}]}, ""),
    ],
)
def test_request_text_reads_responses_input(body: dict[str, Any], text: str) -> None:
    assert request_text(body) == text


# -- headers, journal, clock -------------------------------------------------------------------


def test_azure_responses_create_carries_model_headers(http: httpx.Client) -> None:
    response = http.post(
        "/openai/responses",
        params={"api-version": "2025-04-01-preview"},
        json={"model": "gpt-4o", "input": "Hi"},
        headers=AZURE_AUTH,
    )
    assert response.status_code == 200, response.text
    assert "azureml-model-session" in response.headers
    assert "ms-azureml-model-time" in response.headers
    assert API_VERSION  # the default api-version of the other tests stays the GA one


def test_journal_entries_carry_their_fault(mock: MockServer, http: httpx.Client) -> None:
    mock.faults.add(faults.status(503), times=1)
    http.get("/v1/models", headers=AUTH)
    http.get("/v1/models", headers=AUTH)
    hit, normal = mock.requests[0], mock.requests[1]
    assert type(hit) is RecordedRequest
    assert hit.fault is not None and hit.fault["status"] == 503
    assert normal.fault is None and normal.to_json()["fault"] is None


def test_one_clock_and_http_advances_background_responses(
    mock: MockServer, http: httpx.Client
) -> None:
    assert mock.faults.clock is mock.clock
    created = http.post(
        "/v1/responses", json={"model": "gpt-4o", "input": "Hi", "background": True}, headers=AUTH
    ).json()
    path = f"/v1/responses/{created['id']}"
    assert http.get(path, headers=AUTH).json()["status"] == "queued"
    assert http.post("/_mock/clock", json={"advance": 1.5}).json()["offset"] == 1.5
    assert http.get(path, headers=AUTH).json()["status"] == "in_progress"
    http.post("/_mock/clock", json={"advance": 3600})
    assert http.get(path, headers=AUTH).json()["status"] == "completed"
    mock.reset()
    assert mock.clock.offset == 3601.5  # a reset keeps the time
