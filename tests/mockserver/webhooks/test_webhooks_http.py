"""Webhooks over HTTP: the admin API, a loopback receiver, refused connections, a live server."""

from __future__ import annotations

import socket
import time
from typing import Any

import httpx
import openai
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from openai_kit.mockserver import MockServer
from openai_kit.mockserver._live import serve_in_thread
from tests.mockserver.batches.support import chat_lines, start_batch
from tests.mockserver.conftest import KEY
from tests.mockserver.webhooks.test_webhooks import SECRET


def _receiver(received: list[Any]) -> Starlette:
    async def hook(request: Request) -> Response:
        body = (await request.body()).decode()
        unwrapper = openai.OpenAI(api_key="x")
        received.append(unwrapper.webhooks.unwrap(body, request.headers, secret=SECRET))
        return Response(status_code=200)

    return Starlette(routes=[Route("/hook", hook, methods=["POST"])])


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def test_admin_api_registers_lists_and_removes(mock: MockServer, http: httpx.Client) -> None:
    added = http.post(
        "/_mock/webhooks",
        json={"url": "http://127.0.0.1:9/hook", "secret": SECRET, "events": ["batch.completed"]},
    )
    assert added.status_code == 201
    endpoint = added.json()
    assert endpoint["secret"] == SECRET and endpoint["events"] == ["batch.completed"]
    listed = http.get("/_mock/webhooks").json()["data"]
    assert listed == [
        {"id": endpoint["id"], "url": "http://127.0.0.1:9/hook", "events": ["batch.completed"]}
    ]
    assert http.delete(f"/_mock/webhooks/{endpoint['id']}").json()["deleted"] is True
    assert http.delete(f"/_mock/webhooks/{endpoint['id']}").status_code == 404
    http.post("/_mock/webhooks", json={"url": "http://127.0.0.1:9/a"})
    assert http.delete("/_mock/webhooks").json() == {"deleted": 1}
    assert http.get("/_mock/webhooks/deliveries").json() == {"data": []}


def test_admin_api_refuses_bad_registrations(http: httpx.Client) -> None:
    for body in (
        {"url": 5},
        {"url": "ftp://x"},
        {"url": "http://x", "secret": "whsec_!!!"},
        {"url": "http://x", "events": ["nope"]},
        {"url": "http://x", "extra": 1},
    ):
        refused = http.post("/_mock/webhooks", json=body)
        assert refused.status_code == 400, body
        assert refused.json()["error"]["message"]


def test_http_deliveries_to_a_loopback_receiver(mock: MockServer, http: httpx.Client) -> None:
    received: list[Any] = []
    with serve_in_thread(_receiver(received)) as url:
        http.post("/_mock/webhooks", json={"url": url + "/hook", "secret": SECRET})
        mock.state.emit("batch.completed", {"id": "batch_1"})
        mock.advance(0)
    assert [(e.type, e.data.id) for e in received] == [("batch.completed", "batch_1")]
    [delivery] = http.get("/_mock/webhooks/deliveries").json()["data"]
    assert (delivery["status"], delivery["response_status"]) == ("delivered", 200)


def test_a_refused_connection_is_retried(mock: MockServer) -> None:
    mock.webhooks.add(f"http://127.0.0.1:{_closed_port()}/hook", secret=SECRET)
    mock.state.emit("batch.failed", {"id": "batch_1"})
    mock.advance(0)
    [delivery] = mock.webhooks.deliveries()
    assert delivery["status"] == "pending" and delivery["attempts"] == 1
    assert delivery["response_status"] is None and "Connect" in delivery["error"]


def test_a_live_server_delivers_without_clock_advance() -> None:
    received: list[Any] = []
    mock = MockServer(seed=0)
    with serve_in_thread(_receiver(received)) as hook_url, mock.live() as url:
        httpx.post(url + "/_mock/webhooks", json={"url": hook_url + "/hook", "secret": SECRET})
        client = openai.OpenAI(base_url=url + "/v1", api_key=KEY, _strict_response_validation=True)
        batch = start_batch(client, chat_lines(3))
        deadline = time.monotonic() + 10
        while not received:
            assert time.monotonic() < deadline, "no webhook within 10 s"
            time.sleep(0.1)
        client.close()
    assert [(e.type, e.data.id) for e in received] == [("batch.completed", batch.id)]
