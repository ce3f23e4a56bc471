"""What a server holds is bounded: journal entries and bytes, store objects, idle connections."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from openai_kit.mockserver import MockServer
from openai_kit.mockserver import _live as live
from openai_kit.mockserver._journal import TRUNCATED, RequestJournal
from openai_kit.mockserver._operation import Area
from openai_kit.mockserver._stores import Table
from openai_kit.mockserver.api import AREAS
from openai_kit.mockserver.api.responses.store import ResponsesStore
from tests.mockserver.conftest import AUTH

CHAT = "/v1/chat/completions"


def chat(text: str) -> dict[str, object]:
    return {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": text}]}


def test_the_journal_is_bounded_by_bytes() -> None:
    mock = MockServer(journal_bytes=200_000)
    with httpx.Client(transport=mock.transport(), base_url="http://t") as http:
        for number in range(50):
            http.post(CHAT, json=chat(f"{number} " + "x" * 20_000), headers=AUTH)
    assert mock.requests.bytes <= 200_000
    assert 5 <= len(mock.requests) < 10
    # the newest are kept
    assert mock.requests.last.json["messages"][0]["content"].startswith("49 ")


def test_a_large_body_is_kept_truncated_with_a_marker() -> None:
    mock = MockServer(journal_body_bytes=1000)
    with httpx.Client(transport=mock.transport(), base_url="http://t") as http:
        body = {**chat("y" * 5000), "temperature": 0.5, "user": "u1"}
        assert http.post(CHAT, json=body, headers=AUTH).status_code == 200
        kept = mock.requests.last.json
        assert kept["model"] == "gpt-4o-mini"
        assert kept["temperature"] == 0.5
        assert kept["user"] == "u1"
        assert kept["messages"] == TRUNCATED
        assert kept[TRUNCATED] == len(json.dumps(body).encode()) or kept[TRUNCATED] > 5000
        assert mock.requests.last.model == "gpt-4o-mini"
        assert http.post(CHAT, json=chat("small"), headers=AUTH).status_code == 200
        assert mock.requests.last.json == chat("small")


def test_the_admin_journal_pages() -> None:
    mock = MockServer()
    with httpx.Client(transport=mock.transport(), base_url="http://t") as http:
        for number in range(7):
            http.post(CHAT, json=chat(str(number)), headers=AUTH)
        seen: list[str] = []
        after: str | None = None
        while True:
            params = {"limit": "3"} if after is None else {"limit": "3", "after": after}
            page = http.get("/_mock/requests", params=params).json()
            seen += [e["json"]["messages"][0]["content"] for e in page["data"]]
            if not page["has_more"]:
                break
            after = page["last_id"]
        assert seen == [str(n) for n in range(7)]
        assert http.get("/_mock/requests", params={"limit": "0"}).status_code == 400
        assert http.get("/_mock/requests", params={"limit": "x"}).status_code == 400
        assert len(http.get("/_mock/requests").json()["data"]) == 7


def test_journal_limits_are_checked() -> None:
    with pytest.raises(ValueError, match="max_bytes"):
        RequestJournal(max_bytes=0)
    with pytest.raises(ValueError, match="store_limit"):
        MockServer(store_limit=0)
    with pytest.raises(ValueError, match="max_body_bytes"):
        MockServer(max_body_bytes=-1)


def test_stores_forget_the_oldest_first() -> None:
    mock = MockServer(store_limit=3)
    client = mock.client()
    ids = [client.responses.create(model="gpt-4o-mini", input=str(n)).id for n in range(5)]
    store = mock.state.get(ResponsesStore)
    kept = [r["id"] for r in store.snapshot()["responses"]]
    assert kept == ids[2:]
    assert client.responses.retrieve(ids[-1]).id == ids[-1]
    with httpx.Client(transport=mock.transport(), base_url="http://t") as http:
        gone = http.get(f"/v1/responses/{ids[0]}", headers=AUTH)
        assert gone.status_code == 404


@pytest.mark.parametrize("area", AREAS, ids=lambda a: a.name)
def test_every_declared_store_table_is_bounded(area: Area) -> None:
    mock = MockServer(store_limit=2)
    for kind in area.stores:
        store = mock.state.get(kind)
        for declared in kind.declared:
            table = getattr(store, declared.attribute)
            assert isinstance(table, Table), f"{kind.__name__}.{declared.attribute}"
            assert table.limit == 2
            for number in range(3):
                table[f"key-{number}"] = object()
            assert list(table) == ["key-1", "key-2"]


def test_a_table_replaces_in_place_without_evicting() -> None:
    table: Table[str, int] = Table(2)
    table["a"], table["b"] = 1, 2
    table["a"] = 3
    assert table == {"a": 3, "b": 2}
    table["c"] = 4
    assert list(table) == ["b", "c"]


def test_a_connection_that_sends_no_headers_is_closed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(live, "HEADER_TIMEOUT", 0.3)
    with MockServer().live() as url:
        host, port = url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=5) as sock:
            sock.sendall(b"GET /v1/models HTTP/1.1\r\nHost: x\r\n")  # and never the end
            started = time.monotonic()
            assert sock.recv(100) == b""  # closed by the server
            assert time.monotonic() - started < 4


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads RSS from /proc")
def test_memory_stays_bounded_under_large_requests(tmp_path: Path) -> None:
    """The live server with small limits: 150 requests of 200 KB cost it a bounded amount."""
    code = (
        "import sys\n"
        "from openai_kit.mockserver.__main__ import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    args = ["--port", "0", "--log-level", "warning", "--journal-bytes", str(4 << 20)]
    args += ["--store-limit", "50", "--max-body-bytes", str(1 << 20)]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    server = subprocess.Popen(
        [sys.executable, "-c", code, *args], stdout=subprocess.PIPE, text=True, env=env
    )
    try:
        assert server.stdout is not None
        first = server.stdout.readline()
        url = first.split("listening on ")[1].strip()
        big = chat("z" * 200_000)
        with httpx.Client(base_url=url, headers=AUTH, timeout=30) as http:
            assert http.post(CHAT, json=big).status_code == 200
            baseline = rss_kib(server.pid)
            for number in range(150):
                assert http.post(CHAT, json={**big, "user": str(number)}).status_code == 200
                body = {"model": "gpt-4o-mini", "input": "z", "user": str(number)}
                assert http.post("/v1/responses", json=body).status_code == 200
            too_big = http.post(CHAT, json=chat("z" * (2 << 20)))
            assert too_big.status_code == 413
            grown = rss_kib(server.pid) - baseline
            journal = http.get("/_mock/requests", params={"limit": "1"}).json()
        # 30 MB went in; the journal keeps 4 MiB of it and the store 50 responses
        assert grown < 20 * 1024, f"RSS grew by {grown} KiB"
        assert journal["has_more"] is True
    finally:
        server.terminate()
        server.wait(10)
        if server.stdout is not None:
            server.stdout.close()
