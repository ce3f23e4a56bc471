"""Faults as the SDKs meet them: openai-kit in process, the official package against a live server."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest

from openai_kit.mockserver import MockServer, faults


@contextmanager
def no_retry_waits(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[float]]:
    from openai_kit import _base_client

    waits: list[float] = []
    monkeypatch.setattr(_base_client.SyncAPIClient, "_sleep", staticmethod(waits.append))
    yield waits


def ask(client: Any, **options: Any) -> Any:
    return client.chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "Hi"}], **options
    )


def test_sdk_retries_dropped_connections(monkeypatch: pytest.MonkeyPatch) -> None:
    import openai_kit

    mock = MockServer()
    mock.faults.add([faults.disconnect(), faults.disconnect()])
    with no_retry_waits(monkeypatch) as waits:
        completion = ask(mock.client(max_retries=2))
    assert completion.choices[0].message.content
    assert [e.status for e in mock.requests] == [None, None, 200]
    assert len(waits) == 2
    mock.faults.add(faults.disconnect())
    with pytest.raises(openai_kit.APIConnectionError):
        ask(mock.client(max_retries=0))


def test_sdk_times_out_on_a_hang() -> None:
    import openai_kit

    mock = MockServer()
    mock.faults.add(faults.hang())
    started = time.monotonic()
    with pytest.raises(openai_kit.APITimeoutError):
        ask(mock.client(max_retries=0, timeout=0.1))
    assert time.monotonic() - started < 2.0


def test_official_sdk_against_the_live_server() -> None:
    import openai

    mock = MockServer()
    with mock.live() as url:
        client = openai.OpenAI(api_key="k", base_url=f"{url}/v1", max_retries=0, timeout=0.2)
        mock.faults.add(faults.hang(), times=1)
        with pytest.raises(openai.APITimeoutError):
            ask(client)
        mock.faults.add(faults.disconnect(), times=1)
        with pytest.raises(openai.APIConnectionError):
            ask(client)
        mock.faults.add(faults.stream_cut(1), times=1)
        got: list[Any] = []
        stream = ask(client, stream=True)
        with pytest.raises(httpx.RemoteProtocolError):
            got.extend(stream)
        assert len(got) == 1
        assert ask(client).choices
        client.close()
