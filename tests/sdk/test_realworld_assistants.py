"""Replay the Assistants recordings in ``../shared/realworld-cassettes`` through the SDK.

Each recorded call is sent again through ``client.beta`` (path ids as arguments: the
last one positional, the others by keyword, as the SDK methods take them; the body or
the query as keyword arguments) with strict response validation; the answer must parse
into the documented type and dump back to the recorded JSON (a stream: one event per
recorded event). The shared folder holds no Assistants recording today, so the replay
also runs on recordings made from the mock's own answers.
"""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from openai_kit import APIStatusError
from openai_kit.mockserver import MockServer
from tests.sdk.test_realworld_cassettes import (
    Replay,
    _split_kwargs,
    assert_request_matches,
    check_error,
)
from tests.sdk.test_realworld_jobs import _method, _synthetic, check_jobs_result
from tests.support.realworld import RecordedInteraction, interactions_or_empty, require_cassettes

_PREFIX = re.compile(r"^(/openai/deployments/[^/]+|/openai/v1|/openai|/v1)(?=/)")
_IDS = re.compile(r"^(asst|thread|msg|run|step)_")
_KEYWORDS = {"thread": "thread_id", "run": "run_id"}

CASES = [
    x for x in interactions_or_empty() if (x.operation or "").startswith("beta.assistants.")
    or (x.operation or "").startswith("beta.threads")
]  # fmt: skip


def _path_args(interaction: RecordedInteraction) -> tuple[list[str], dict[str, str]]:
    """Ids in the path: the last one positional, the thread and run ids by keyword."""
    path = _PREFIX.sub("", interaction.request.normalized_path.rstrip("/"), count=1)
    ids = [segment for segment in path.split("/") if _IDS.match(segment)]
    if not ids:
        return [], {}
    *before, last = ids
    return [last], {_KEYWORDS[i.split("_", 1)[0]]: i for i in before}


def call_beta_sdk(replay: Replay) -> Any:
    interaction = replay.interaction
    request = interaction.request
    method = _method(replay.client, interaction.operation or "")
    args, kwargs = _path_args(interaction)
    if isinstance(request.json, dict):
        kwargs.update(_split_kwargs(method, request.json))
    else:
        query = {k: v for k, v in request.params.items() if k != "api-version"}
        kwargs.update({k: int(v) if v.isdigit() else v for k, v in query.items()})
    return method(*args, **kwargs)


def replay_and_check(interaction: RecordedInteraction) -> None:
    replay = Replay(interaction, strict=True)
    try:
        if interaction.response.status >= 400:
            with pytest.raises(APIStatusError) as caught:
                call_beta_sdk(replay)
            check_error(interaction, caught.value)
        elif interaction.response.is_sse:
            events = list(call_beta_sdk(replay))
            recorded = interaction.response.body.count(b"\nevent: thread.") + (
                1 if interaction.response.body.startswith(b"event: thread.") else 0
            )
            assert len(events) == recorded
        else:
            check_jobs_result(interaction, call_beta_sdk(replay))
        assert_request_matches(replay)
    finally:
        replay.close()


@pytest.mark.parametrize(
    "interaction",
    [pytest.param(x, id=x.id) for x in CASES]
    or [pytest.param(None, id="no-assistants-recordings")],
)
def test_replay_recorded_assistants_interaction(interaction: RecordedInteraction | None) -> None:
    require_cassettes()
    if interaction is None:
        pytest.skip("the cassette folder holds no recording of the Assistants endpoints")
    replay_and_check(interaction)


def _recorded_from_the_mock() -> list[RecordedInteraction]:
    """Calls and answers of a tool-calling run on the mock, as recordings."""
    mock = MockServer(seed=3, clock=lambda: 1_700_000_000)
    auth = {"Authorization": "Bearer sk-test-0123456789", "OpenAI-Beta": "assistants=v2"}
    http = httpx.Client(transport=mock.transport(), base_url="http://m/v1", headers=auth)
    tool = {"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}
    out: list[RecordedInteraction] = []

    def record(method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        response = http.request(method, path, json=body)
        raw = httpx.Request(method, path, json=body).read() if body is not None else b""
        answer = response.json()
        out.append(_synthetic(method, "/v1" + path, answer, body=raw, status=response.status_code))
        return answer

    helper = record("POST", "/assistants", {"model": "gpt-4o", "tools": [tool]})
    thread = record("POST", "/threads", {"messages": [{"role": "user", "content": "Hi"}]})
    run = record("POST", f"/threads/{thread['id']}/runs", {"assistant_id": helper["id"]})
    mock.advance(2)
    waiting = record("GET", f"/threads/{thread['id']}/runs/{run['id']}")
    call = waiting["required_action"]["submit_tool_outputs"]["tool_calls"][0]
    outputs = {"tool_outputs": [{"tool_call_id": call["id"], "output": "1"}]}
    record("POST", f"/threads/{thread['id']}/runs/{run['id']}/submit_tool_outputs", outputs)
    mock.advance(2)
    record("GET", f"/threads/{thread['id']}/messages?limit=2")
    steps = record("GET", f"/threads/{thread['id']}/runs/{run['id']}/steps")
    record("GET", f"/threads/{thread['id']}/runs/{run['id']}/steps/{steps['data'][0]['id']}")
    record("GET", "/assistants/asst_missing")
    return out


@pytest.mark.parametrize("interaction", _recorded_from_the_mock(), ids=lambda x: x.operation)
def test_the_replay_rebuilds_beta_calls(interaction: RecordedInteraction) -> None:
    assert (interaction.operation or "").startswith("beta.")
    replay_and_check(interaction)
