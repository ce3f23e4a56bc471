"""Batch lines meet faults and scripts as direct calls do; hangs and the window; Azure."""

from __future__ import annotations

import time

import httpx
import openai
import pytest

from openai_kit.mockserver import MockServer, faults
from tests.mockserver.batches.support import chat_lines, output_lines, start_batch
from tests.mockserver.conftest import API_VERSION, KEY
from tests.mockserver.test_official_client import official

DAY = 24 * 3600


def test_faults_apply_to_lines(mock: MockServer) -> None:
    mock.faults.add(faults.status(503), operation="chat.completions.create", times=1)
    client = official(mock, "openai")
    batch = start_batch(client, chat_lines(3))
    mock.advance(10)
    done = client.batches.retrieve(batch.id)
    assert done.request_counts is not None and done.request_counts.failed == 1
    [failed] = output_lines(client, done.error_file_id)
    assert failed["custom_id"] == "req-0" and failed["response"]["status_code"] == 503
    assert len(mock.faults.hits) == 1


def test_scripts_apply_to_lines(mock: MockServer) -> None:
    mock.script("chat.completions.create", content="Scripted answer.", contains="number 1?")
    client = official(mock, "openai")
    batch = start_batch(client, chat_lines(3))
    mock.advance(10)
    lines = output_lines(client, client.batches.retrieve(batch.id).output_file_id)
    contents = [line["response"]["body"]["choices"][0]["message"]["content"] for line in lines]
    assert contents[1] == "Scripted answer." and contents[0] != "Scripted answer."
    mock.scripts.assert_all_used()


def test_a_hung_line_holds_the_batch_until_its_window_expires(mock: MockServer) -> None:
    mock.faults.add(faults.hang(), operation="chat.completions.create", after=1)
    client = official(mock, "openai")
    batch = start_batch(client, chat_lines(3))
    mock.advance(3600)
    held = client.batches.retrieve(batch.id)
    assert held.status == "in_progress" and held.request_counts is not None
    assert held.request_counts.completed == 1
    mock.advance(DAY)
    expired = client.batches.retrieve(batch.id)
    assert expired.status == "expired" and expired.expired_at == batch.created_at + DAY
    assert len(output_lines(client, expired.output_file_id)) == 1
    unrun = output_lines(client, expired.error_file_id)
    assert [(e["custom_id"], e["error"]["code"]) for e in unrun] == [
        ("req-1", "batch_expired"),
        ("req-2", "batch_expired"),
    ]
    assert all(e["response"] is None for e in unrun)


@pytest.mark.parametrize("style", ["azure", "azure_v1"])
def test_azure_batches_use_the_deployment_each_line_names(style: str) -> None:
    mock = MockServer(seed=0, clock=lambda: 1_700_000_000, deployments={"my-chat": "gpt-4o-mini"})
    client = official(mock, style)  # type: ignore[arg-type]
    lines = chat_lines(2, url="/chat/completions", model="my-chat")
    lines[1] = lines[1].replace("my-chat", "not-deployed")
    batch = start_batch(client, lines, "/chat/completions")
    assert batch.endpoint == "/chat/completions"
    mock.advance(10)
    done = client.batches.retrieve(batch.id)
    [ok] = output_lines(client, done.output_file_id)
    assert ok["response"]["body"]["model"].startswith("gpt-4o-mini")
    [missing] = output_lines(client, done.error_file_id)
    assert missing["response"]["body"]["error"]["code"] == "DeploymentNotFound"
    assert [b.id for b in client.batches.list()] == [batch.id]


def test_azure_classic_route_needs_an_api_version(mock: MockServer) -> None:
    with httpx.Client(transport=mock.transport(), base_url="http://mock.test") as http:
        assert http.get("/openai/batches", headers={"api-key": KEY}).status_code == 404
        listed = http.get(f"/openai/batches?api-version={API_VERSION}", headers={"api-key": KEY})
        assert listed.status_code == 200 and listed.json()["data"] == []


def test_a_small_batch_completes_on_a_live_server_without_clock_advance() -> None:
    mock = MockServer(seed=0)
    with mock.live() as url:
        client = openai.OpenAI(base_url=url + "/v1", api_key=KEY, _strict_response_validation=True)
        batch = start_batch(client, chat_lines(100))
        deadline = time.monotonic() + 10
        while client.batches.retrieve(batch.id).status != "completed":
            assert time.monotonic() < deadline, "the batch did not complete within 10 s"
            time.sleep(0.2)
        done = client.batches.retrieve(batch.id)
        assert done.request_counts is not None and done.request_counts.completed == 100
        client.close()
