"""Who may use /_mock/* of a live server: loopback hosts and origins, or the admin token."""

from __future__ import annotations

import httpx
import pytest

from openai_kit.mockserver import MockServer
from openai_kit.mockserver.__main__ import admin_token_for, exposed_warning, parser
from openai_kit.mockserver._admin_access import AdminAccess, is_loopback

EVIL = {"Origin": "http://evil.example", "content-type": "text/plain"}
FAULT = '{"fault": 503}'


def test_a_web_page_cannot_drive_the_mock() -> None:
    mock = MockServer()
    with mock.live() as url:
        assert httpx.post(f"{url}/_mock/faults", content=FAULT, headers=EVIL).status_code == 403
        assert httpx.get(f"{url}/_mock/requests", headers=EVIL).status_code == 403
        assert httpx.post(f"{url}/_mock/reset", headers={"Origin": "null"}).status_code == 403
        rebound = httpx.get(f"{url}/_mock/requests", headers={"Host": "attacker.example"})
        assert rebound.status_code == 403
        assert rebound.json()["error"]["message"].startswith("The mock's admin API")
        assert len(mock.faults) == 0
        # loopback callers (tests, curl on the machine, a local dashboard) still may
        assert httpx.post(f"{url}/_mock/faults", content=FAULT).status_code == 201
        local = {"Origin": "http://localhost:3000"}
        assert httpx.get(f"{url}/_mock/requests", headers=local).status_code == 200


def test_allowed_hosts_and_origins() -> None:
    mock = MockServer(admin_hosts=["mock.internal", "http://dash.internal:3000"])
    with mock.live() as url:
        assert (
            httpx.get(f"{url}/_mock/faults", headers={"Host": "mock.internal"}).status_code == 200
        )
        dash = {"Origin": "http://dash.internal:3000"}
        assert httpx.get(f"{url}/_mock/faults", headers=dash).status_code == 200
        other = {"Origin": "http://dash.internal:4000"}
        assert httpx.get(f"{url}/_mock/faults", headers=other).status_code == 403


def test_with_a_token_only_its_bearers_may() -> None:
    mock = MockServer(admin_token="s3cret-admin")
    with mock.live() as url:
        assert httpx.get(f"{url}/_mock/requests").status_code == 401
        wrong = {"Authorization": "Bearer nope"}
        assert httpx.get(f"{url}/_mock/requests", headers=wrong).status_code == 401
        bearer = {"Authorization": "Bearer s3cret-admin"}
        assert httpx.get(f"{url}/_mock/requests", headers=bearer).status_code == 200
        header = {"x-mock-admin-token": "s3cret-admin", "Host": "anything.example"}
        assert httpx.get(f"{url}/_mock/requests", headers=header).status_code == 200
        # the API itself needs no admin token
        answer = httpx.get(f"{url}/v1/models", headers={"Authorization": "Bearer sk-x"})
        assert answer.status_code == 200
    # in process the test is the caller: no token
    with httpx.Client(transport=mock.transport(), base_url="http://t") as http:
        assert http.get("/_mock/requests").status_code == 200


def test_serving_beyond_loopback_needs_a_token() -> None:
    with pytest.raises(ValueError, match="admin_token"), MockServer().live(host="0.0.0.0"):
        pass


def test_the_cli_generates_a_token_and_warns() -> None:
    assert admin_token_for("127.0.0.1", None) == (None, False)
    assert admin_token_for("0.0.0.0", "mine") == ("mine", False)
    token, generated = admin_token_for("0.0.0.0", None)
    assert generated and token and len(token) >= 24
    warning = exposed_warning("0.0.0.0", token)
    assert "not a loopback address" in warning and token in warning
    args = parser().parse_args(["--admin-token", "t", "--max-body-bytes", "10"])
    assert (args.admin_token, args.max_body_bytes) == ("t", 10)


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.5.5.5", True),
        ("::1", True),
        ("[::1]", True),
        ("localhost", True),
        ("app.localhost", True),
        ("0.0.0.0", False),
        ("192.168.1.5", False),
        ("evil.example", False),
        ("localhost.evil.example", False),
    ],
)
def test_is_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_admin_access_refuses_empty_tokens() -> None:
    with pytest.raises(ValueError, match="admin_token"):
        AdminAccess(token="  ")


def _admin_paths(mock: MockServer) -> list[str]:
    paths = []
    for route in mock.app.routes:
        path = getattr(route, "path", "")
        if path.startswith("/_mock/") and "{rest" not in path:
            paths.append(path.replace("{", "").replace("}", "").replace(":int", ""))
    return paths


def test_every_admin_route_is_behind_the_door() -> None:
    """Routes areas add (webhooks, realtime faults, media) get the same check as the rest."""
    mock = MockServer()
    paths = _admin_paths(mock)
    assert {"/_mock/webhooks", "/_mock/webhooks/deliveries", "/_mock/realtime/faults"} <= set(paths)
    with mock.live() as url:
        for path in paths:
            refused = httpx.get(f"{url}{path}", headers=EVIL)
            assert refused.status_code == 403, path
