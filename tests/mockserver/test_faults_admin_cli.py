"""Faults over HTTP (``/_mock/faults``, ``/_mock/clock``) and from the command line."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
from typing import Any

import httpx
import pytest

from openai_kit.mockserver import MockServer, faults
from openai_kit.mockserver.__main__ import install_session_faults, main, parser
from tests.mockserver.conftest import AUTH

CHAT = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Hi"}]}


def chat(http: httpx.Client) -> int:
    return http.post("/v1/chat/completions", json=CHAT, headers=AUTH).status_code


def test_install_list_and_delete_over_http(mock: MockServer, http: httpx.Client) -> None:
    created = http.post(
        "/_mock/faults",
        json={
            "fault": {"kind": "status", "status": 429, "retry_after": 2},
            "operation": "chat.completions.create",
            "times": 1,
        },
    )
    assert created.status_code == 201
    rule = created.json()
    assert rule["id"] == "fault_1"
    assert rule["fault"] == {"kind": "status", "status": 429, "retry_after": 2.0}
    assert (rule["times"], rule["remaining"], rule["active"]) == (1, 1, True)
    assert http.get("/_mock/faults").json() == {"data": [rule]}
    assert http.get("/_mock/faults/fault_1").json() == rule
    limited = http.post("/v1/chat/completions", json=CHAT, headers=AUTH)
    assert (limited.status_code, limited.headers["retry-after"]) == (429, "2")
    assert chat(http) == 200
    assert http.get("/_mock/faults").json() == {"data": []}
    assert http.get("/_mock/faults/fault_1").status_code == 404
    hits = http.get("/_mock/faults/hits").json()["data"]
    assert hits == [
        {
            "request_id": mock.requests[0].request_id,
            "operation": "chat.completions.create",
            "path": "/v1/chat/completions",
            "rule": "fault_1",
            "fault": {"kind": "status", "status": 429, "retry_after": 2.0},
        }
    ]
    journal = http.get("/_mock/requests").json()["data"]
    assert journal[0]["fault"]["kind"] == "status"
    assert journal[1]["fault"] is None


def test_sequences_and_shorthands(mock: MockServer, http: httpx.Client) -> None:
    response = http.post("/_mock/faults", json={"fault": [429, None, "status=503"]})
    assert response.status_code == 201
    assert response.json()["sequence"] == [
        {"kind": "status", "status": 429},
        None,
        {"kind": "status", "status": 503},
    ]
    assert [chat(http) for _ in range(4)] == [429, 200, 503, 200]


def test_delete_one_and_all(mock: MockServer, http: httpx.Client) -> None:
    for status in (500, 502, 503):
        http.post("/_mock/faults", json={"fault": status, "operation": "models.list"})
    assert http.delete("/_mock/faults/fault_2").json() == {"id": "fault_2", "deleted": True}
    assert http.delete("/_mock/faults/fault_2").status_code == 404
    assert [r["id"] for r in http.get("/_mock/faults").json()["data"]] == ["fault_1", "fault_3"]
    assert http.delete("/_mock/faults").json() == {"deleted": 2}
    assert len(mock.faults) == 0


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"fault": {"kind": "explode"}}, "unknown fault kind"),
        ({"fault": 503, "times": -1}, "times must be at least 1"),
        ({"fault": 503, "times": "2"}, "times must be an integer"),
        ({"fault": 503, "after": -3}, "after must be >= 0"),
        ({"fault": 503, "probability": 1.5}, "between 0 and 1"),
        ({"fault": 503, "operation": "chat.complete"}, "unknown operation"),
        ({"fault": 200}, "400-599"),
        ({"fault": {"kind": "status", "status": "503"}}, "integer"),
        ({"fault": 503, "colour": "red"}, "unknown fault rule field"),
        ({"operation": "models.list"}, "needs a 'fault'"),
        ([{"fault": 503}], "JSON object"),
        ({"fault": []}, "at least one item"),
    ],
)
def test_bad_rules_are_a_400_and_change_nothing(
    mock: MockServer, http: httpx.Client, body: Any, words: str
) -> None:
    mock.faults.add(faults.status(500), operation="files.list")
    response = http.post("/_mock/faults", json=body)
    assert response.status_code == 400
    error = response.json()["error"]
    assert words in error["message"]
    assert (error["type"], error["param"]) == ("invalid_request_error", "fault")
    assert [r.id for r in mock.faults.rules] == ["fault_1"]


def test_a_body_that_is_not_json_is_a_400(http: httpx.Client) -> None:
    response = http.post("/_mock/faults", content=b"{nope")
    assert response.status_code == 400
    assert "not valid JSON" in response.json()["error"]["message"]


def test_reset_over_http_keeps_session_faults(mock: MockServer, http: httpx.Client) -> None:
    http.post("/_mock/faults", json={"fault": 503, "operation": "models.list"})
    http.post(
        "/_mock/faults", json={"fault": 502, "operation": "files.list", "keep_on_reset": True}
    )
    assert http.post("/_mock/reset").status_code == 200
    assert [r.operation for r in mock.faults.rules] == [("files.list",)]


def test_clock_over_http(mock: MockServer, http: httpx.Client) -> None:
    mock.faults.add(faults.rate_limit(rpm=1))
    before = http.get("/_mock/clock").json()
    assert (before["offset"], before["frozen"]) == (0.0, False)
    frozen = http.post("/_mock/clock", json={"frozen": True}).json()
    assert frozen["frozen"] is True
    assert chat(http) == 200
    assert chat(http) == 429
    moved = http.post("/_mock/clock", json={"advance": 60}).json()
    assert moved["offset"] == 60.0
    assert moved["now"] == pytest.approx(frozen["now"] + 60)
    assert chat(http) == 200
    assert http.post("/_mock/clock", json={"frozen": False}).json()["frozen"] is False


@pytest.mark.parametrize(
    "body", [{"advance": -1}, {"advance": "1"}, {"frozen": "yes"}, {"jump": 1}, [1]]
)
def test_bad_clock_moves_are_a_400(mock: MockServer, http: httpx.Client, body: Any) -> None:
    response = http.post("/_mock/clock", json=body)
    assert response.status_code == 400
    assert response.json()["error"]["param"] == "clock"
    assert mock.faults.clock.offset == 0.0


def test_admin_api_on_the_live_server() -> None:
    import openai

    mock = MockServer()
    with mock.live() as url:
        httpx.post(f"{url}/_mock/faults", json={"fault": "disconnect", "times": 1})
        client = openai.OpenAI(api_key="k", base_url=f"{url}/v1", max_retries=0)
        with pytest.raises(openai.APIConnectionError):
            client.models.list()
        assert client.models.list().data
        client.close()


# -- command line ----------------------------------------------------------------------


def session(*argv: str) -> MockServer:
    mock = MockServer()
    install_session_faults(mock, parser().parse_args(list(argv)))
    return mock


def test_cli_fault_flags() -> None:
    args = parser().parse_args([])
    assert (args.fault_rate, args.rate_limit_rpm, args.rate_limit_tpm, args.faults) == (
        0.0,
        None,
        None,
        [],
    )
    mock = session(
        "--fault-rate",
        "0.25",
        "--rate-limit-rpm",
        "30",
        "--rate-limit-tpm",
        "1000",
        "--rate-limit-per",
        "deployment",
        "--fault",
        '{"fault": 429, "operation": "embeddings.create", "times": 2}',
        "--fault",
        '{"fault": "hang", "header": "x-hang"}',
    )
    rate, limit, status, hang = mock.faults.rules
    assert rate.fault == faults.one_of(faults.server_error(), faults.service_unavailable())
    assert rate.probability == 0.25
    assert limit.fault == faults.rate_limit(30, 1000, "deployment")
    assert (status.fault, status.times) == (faults.status(429), 2)
    assert hang.header == ("x-hang", None)
    assert all(rule.keep_on_reset for rule in mock.faults.rules)
    mock.reset()
    assert len(mock.faults) == 4


def test_cli_fault_rate_is_reproducible() -> None:
    def run() -> list[int]:
        mock = session("--fault-rate", "0.5")
        with httpx.Client(transport=mock.transport(), base_url="http://t") as client:
            return [chat(client) for _ in range(30)]

    first = run()
    assert first == run()
    assert set(first) == {200, 500, 503}


@pytest.mark.parametrize(
    "argv",
    [
        ["--fault-rate", "1.5"],
        ["--fault-rate", "-0.1"],
        ["--rate-limit-rpm", "0"],
        ["--fault", "{not json"],
        ["--fault", '{"fault": {"kind": "explode"}}'],
        ["--rate-limit-rpm", "5", "--fault", '{"fault": 503, "probability": 7}'],
    ],
)
def test_cli_refuses_bad_faults(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    mock = MockServer()
    with pytest.raises((ValueError, TypeError)):
        install_session_faults(mock, parser().parse_args(argv))
    assert len(mock.faults) == 0
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    assert "error:" in capsys.readouterr().err


@pytest.mark.slow
def test_cli_serves_session_faults() -> None:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "openai_kit.mockserver",
            "--port",
            "0",
            "--log-level",
            "warning",
            "--rate-limit-rpm",
            "1",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        match = re.search(r"listening on (http://127\.0\.0\.1:\d+)", process.stdout.readline())
        assert match
        url = match.group(1)
        first = httpx.get(f"{url}/v1/models", headers=AUTH)
        assert (first.status_code, first.headers["x-ratelimit-limit-requests"]) == (200, "1")
        assert httpx.get(f"{url}/v1/models", headers=AUTH).status_code == 429
        assert httpx.get(f"{url}/_mock/faults").json()["data"][0]["fault"]["rpm"] == 1
    finally:
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=10)
    assert process.returncode == 0, err
