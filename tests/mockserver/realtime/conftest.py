from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from openai_kit.mockserver import MockServer
from tests.mockserver.realtime._session import Connect, Session


@pytest.fixture
def connect() -> Iterator[Connect]:
    """Open in-process Realtime sessions; every one is closed after the test."""
    opened: list[Session] = []

    def open_session(mock: MockServer, *args: Any, **kwargs: Any) -> Session:
        session = Session(mock, *args, **kwargs)
        opened.append(session)
        return session

    yield open_session
    for session in opened:
        session.close()
