"""The plugin's Realtime fixtures: an in-process client and the live WebSocket URL."""

from __future__ import annotations

import pytest

from tests.pytest_plugin.conftest import RunInner


def test_realtime_fixtures(pytester: pytest.Pytester, run: RunInner) -> None:
    pytester.makepyfile(
        """
import json
from websockets.sync.client import connect

def test_client(openai_realtime_client, openai_mock):
    with openai_realtime_client.realtime.connect(model="gpt-realtime") as conn:
        assert conn.recv().type == "session.created"
    assert openai_mock.requests.last.operation == "realtime.connect"

def test_url(openai_realtime_url):
    url = openai_realtime_url + "?model=gpt-realtime"
    with connect(url, additional_headers={"Authorization": "Bearer sk-any"}) as ws:
        assert json.loads(ws.recv())["type"] == "session.created"
"""
    )
    run().assert_outcomes(passed=2)
