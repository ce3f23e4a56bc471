"""Signed webhook events: every event the mock sends unwraps with the official package."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

import openai
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from openai_kit.mockserver import MockServer
from openai_kit.mockserver.__main__ import install_webhooks, parser
from openai_kit.mockserver.api.batches.store import BatchesStore
from openai_kit.mockserver.api.webhooks.store import RETRY_DELAYS
from tests.mockserver.batches.support import chat_lines, start_batch
from tests.mockserver.conftest import NOW
from tests.mockserver.test_official_client import official

SECRET = "whsec_" + "c2VjcmV0LWtleS1vZi10aGUtdGVzdHM="  # base64 of "secret-key-of-the-tests"


class Inbox:
    """A Python webhook target: keeps what it got, answers the statuses it is given."""

    def __init__(self, *statuses: int) -> None:
        self.got: list[tuple[bytes, dict[str, str]]] = []
        self.statuses = list(statuses)

    def __call__(self, body: bytes, headers: Mapping[str, str]) -> int:
        self.got.append((body, dict(headers)))
        return self.statuses.pop(0) if self.statuses else 200

    def events(self) -> list[Any]:
        unwrapper = openai.OpenAI(api_key="unused")
        return [unwrapper.webhooks.unwrap(b.decode(), h, secret=SECRET) for b, h in self.got]


def test_a_completed_batch_sends_a_signed_event(mock: MockServer) -> None:
    inbox = Inbox()
    mock.webhooks.add(inbox, secret=SECRET)
    batch = start_batch(official(mock, "openai"), chat_lines(2))
    mock.advance(10)
    [event] = inbox.events()
    assert (event.type, event.data.id, event.object) == ("batch.completed", batch.id, "event")
    assert event.id.startswith("evt_") and event.created_at == NOW + 10
    headers = inbox.got[0][1]
    assert abs(int(headers["webhook-timestamp"]) - time.time()) < 60  # wall clock, not the mock's
    assert headers["webhook-id"] == event.id
    [delivery] = mock.webhooks.deliveries()
    assert (delivery["status"], delivery["attempts"], delivery["event_type"]) == (
        "delivered",
        1,
        "batch.completed",
    )


def test_a_wrong_secret_is_refused_by_the_official_unwrap(mock: MockServer) -> None:
    inbox = Inbox()
    mock.webhooks.add(inbox, secret=SECRET)
    start_batch(official(mock, "openai"), chat_lines(1))
    mock.advance(10)
    body, headers = inbox.got[0]
    with pytest.raises(openai.InvalidWebhookSignatureError):
        openai.OpenAI(api_key="x").webhooks.unwrap(body.decode(), headers, secret="whsec_b3RoZXI=")


def test_failed_cancelled_and_expired_batches(mock: MockServer) -> None:
    inbox = Inbox()
    mock.webhooks.add(inbox, secret=SECRET)
    client = official(mock, "openai")
    failed = start_batch(client, ["{bad"])
    mock.state.get(BatchesStore).lines_per_second = 1e-5  # a line a day: no line runs in the window
    cancelled = start_batch(client, chat_lines(2))
    expired = start_batch(client, chat_lines(2))
    mock.advance(2)
    client.batches.cancel(cancelled.id)
    mock.advance(2)
    mock.advance(24 * 3600)
    got = {(e.type, e.data.id) for e in inbox.events()}
    assert got == {
        ("batch.failed", failed.id),
        ("batch.cancelled", cancelled.id),
        ("batch.expired", expired.id),
    }


def test_events_filter_what_an_endpoint_gets(mock: MockServer) -> None:
    only_failed, everything = Inbox(), Inbox()
    mock.webhooks.add(only_failed, secret=SECRET, events=["batch.failed"])
    mock.webhooks.add(everything, secret=SECRET)
    start_batch(official(mock, "openai"), chat_lines(1))
    mock.advance(10)
    assert only_failed.got == [] and len(everything.got) == 1
    with pytest.raises(ValueError, match="unknown webhook event types"):
        mock.webhooks.add(everything, events=["batch.done"])


def test_background_responses_send_their_events(mock: MockServer) -> None:
    inbox = Inbox()
    mock.webhooks.add(inbox, secret=SECRET)
    client = official(mock, "openai")
    completed = client.responses.create(model="gpt-4o-mini", input="Hi", background=True)
    cancelled = client.responses.create(model="gpt-4o-mini", input="Hi", background=True)
    client.responses.cancel(cancelled.id)
    mock.advance(60)
    got = [(e.type, e.data.id) for e in inbox.events()]
    assert got == [("response.cancelled", cancelled.id), ("response.completed", completed.id)]


def test_events_other_areas_emit_are_delivered(mock: MockServer) -> None:
    inbox = Inbox()
    mock.webhooks.add(inbox, secret=SECRET)
    mock.state.emit("fine_tuning.job.succeeded", {"id": "ftjob-abc", "object": "fine_tuning.job"})
    mock.state.emit("eval.run.canceled", {"id": "evalrun_abc"})
    mock.advance(0)
    assert [(e.type, e.data.id) for e in inbox.events()] == [
        ("fine_tuning.job.succeeded", "ftjob-abc"),
        ("eval.run.canceled", "evalrun_abc"),
    ]


def test_non_2xx_answers_are_retried_with_back_off(mock: MockServer) -> None:
    inbox = Inbox(500, 503)
    mock.webhooks.add(inbox, secret=SECRET)
    mock.state.emit("batch.completed", {"id": "batch_x"})
    mock.advance(0)
    [delivery] = mock.webhooks.deliveries()
    assert (delivery["status"], delivery["attempts"], delivery["response_status"]) == (
        "pending",
        1,
        500,
    )
    mock.advance(RETRY_DELAYS[0] - 1)
    assert mock.webhooks.deliveries()[0]["attempts"] == 1
    mock.advance(1)
    mock.advance(RETRY_DELAYS[1])
    assert mock.webhooks.deliveries()[0]["status"] == "delivered" and len(inbox.got) == 3
    assert len({h["webhook-id"] for _, h in inbox.got}) == 1  # one event, retried


def test_a_target_that_never_answers_2xx_ends_failed(mock: MockServer) -> None:
    def raising(body: bytes, headers: Mapping[str, str]) -> int:
        raise ConnectionRefusedError("refused")

    mock.webhooks.add(raising, secret=SECRET)
    mock.state.emit("batch.completed", {"id": "batch_x"})
    for delay in (0.0, *RETRY_DELAYS):
        mock.advance(delay)
    [delivery] = mock.webhooks.deliveries()
    assert delivery["status"] == "failed" and delivery["attempts"] == len(RETRY_DELAYS) + 1
    assert "refused" in delivery["error"]


def test_an_asgi_app_receives_events_in_process(mock: MockServer) -> None:
    received: list[Any] = []

    async def hook(request: Request) -> Response:
        body = (await request.body()).decode()
        received.append(
            openai.OpenAI(api_key="x").webhooks.unwrap(body, request.headers, secret=SECRET)
        )
        return Response(status_code=204)

    app = Starlette(routes=[Route("/", hook, methods=["POST"])])
    mock.webhooks.add(app, secret=SECRET)
    mock.state.emit("response.completed", {"id": "resp_1"})
    mock.advance(0)
    assert [e.type for e in received] == ["response.completed"]
    assert mock.webhooks.deliveries()[0]["url"].startswith("asgi:")


def test_reset_forgets_endpoints_but_those_kept(mock: MockServer) -> None:
    args = parser().parse_args(["--webhook", "http://127.0.0.1:9/hook", "--webhook-secret", SECRET])
    assert install_webhooks(mock, args) == []
    mock.webhooks.add(Inbox(), secret=SECRET)
    mock.reset()
    assert [e["url"] for e in mock.webhooks.endpoints()] == ["http://127.0.0.1:9/hook"]
    told = install_webhooks(MockServer(), parser().parse_args(["--webhook", "http://127.0.0.1:9/"]))
    assert "whsec_" in told[0]


def test_a_running_clock_still_delivers_in_the_tick_that_emitted() -> None:
    mock = MockServer(seed=0)  # wall-clock time: the tick reads it before the batch ends
    inbox = Inbox()
    mock.webhooks.add(inbox, secret=SECRET)
    start_batch(official(mock, "openai"), chat_lines(2))
    mock.advance(60)
    assert [e.type for e in inbox.events()] == ["batch.completed"]
