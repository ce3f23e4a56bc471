"""``GET /_mock/log``: what the dashboard reads about each request, the request side
coming from the journal for as long as the journal keeps it."""

from __future__ import annotations

import httpx

from openai_kit.mockserver import MockServer
from openai_kit.mockserver._journal import RecordedRequest, RequestJournal

SECRET = "sk-live-secret-0123456789abcdef"
HEADERS = {"Authorization": f"Bearer {SECRET}"}
CHAT = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Hi"}]}


def _entry() -> RecordedRequest:
    return RecordedRequest("models.list", "GET", "/v1/models", {}, {})


def test_the_journal_finds_its_entries_by_number_while_it_keeps_them() -> None:
    journal, other = RequestJournal(maxlen=3), RequestJournal()
    entries = [_entry() for _ in range(5)]
    for entry in entries[:4]:
        journal.append(entry)
    other.append(entries[4])
    serials = [entry.serial for entry in entries]
    assert serials == sorted(serials) and len(set(serials)) == 5 and serials[0] > 0
    assert journal.find(serials[0]) is None  # dropped: the journal keeps three
    assert [journal.find(s) for s in serials[1:4]] == entries[1:4]
    assert journal.find(serials[4]) is None and other.find(serials[4]) is entries[4]
    assert journal.find(0) is None and journal.find(serials[4] + 1) is None
    journal.clear()
    assert journal.find(serials[3]) is None
    journal.append(entries[0])  # numbers never repeat, not even after a clear
    assert entries[0].serial > serials[4] and journal.find(entries[0].serial) is entries[0]


def test_an_observation_shows_its_request_and_filters_by_model() -> None:
    with MockServer(seed=5).live() as url:
        httpx.post(f"{url}/v1/chat/completions", json=CHAT, headers=HEADERS)
        httpx.post(f"{url}/v1/chat/completions", json={**CHAT, "model": "gpt-4o"}, headers=HEADERS)
        one = httpx.get(f"{url}/_mock/log/1").json()
        by_model = httpx.get(f"{url}/_mock/log", params={"model": "gpt-4o"}).json()["data"]
    assert one["model"] == "gpt-4o-mini"
    assert one["request"]["json"] == CHAT
    assert one["request"]["headers"]["authorization"] == "Bearer <redacted>"
    assert one["request"]["request_id"] == one["response"]["headers"]["x-request-id"]
    assert one["response"]["json"]["object"] == "chat.completion"
    assert SECRET not in str(one)
    assert [(o["seq"], o["model"]) for o in by_model] == [(2, "gpt-4o")]


def test_a_repeated_answer_shows_the_headers_its_client_got() -> None:
    """The second of two same requests is the express lane's; its record keeps the request
    id apart from the headers it shares with other answers, and shows them all, in order."""
    with MockServer(seed=5).live() as url:
        sent = [
            httpx.post(f"{url}/v1/chat/completions", json=CHAT, headers=HEADERS) for _ in range(2)
        ]
        shown = [httpx.get(f"{url}/_mock/log/{seq}").json() for seq in (1, 2)]
    for response, detail in zip(sent, shown, strict=True):
        got = [(name.decode(), value.decode()) for name, value in response.headers.raw]
        headers = detail["response"]["headers"]
        assert list(headers.items()) == [(n, v) for n, v in got if n not in ("date", "server")]
        assert detail["request"]["request_id"] == response.headers["x-request-id"]
    assert (
        shown[0]["response"]["headers"]["x-request-id"]
        != shown[1]["response"]["headers"]["x-request-id"]
    )


def test_an_observation_outlives_its_journal_entry() -> None:
    mock = MockServer(seed=5, journal_size=2)
    with mock.live() as url:
        for _ in range(3):
            httpx.post(f"{url}/v1/chat/completions", json=CHAT, headers=HEADERS)
        gone, kept = (httpx.get(f"{url}/_mock/log/{seq}").json() for seq in (1, 3))
        mock.requests.clear()  # the journal forgets; the log keeps its records
        forgotten = httpx.get(f"{url}/_mock/log/3").json()
    assert gone["request"] is None and gone["model"] is None
    assert gone["status"] == 200 and gone["response"]["json"]["object"] == "chat.completion"
    assert kept["request"]["json"] == CHAT and kept["model"] == "gpt-4o-mini"
    assert forgotten["request"] is None and forgotten["operation"] == "chat.completions.create"
