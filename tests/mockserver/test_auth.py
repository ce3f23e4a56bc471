"""Authentication as OpenAI and Azure do it, with their 401 bodies."""

from __future__ import annotations

import httpx
import pytest

from openai_kit.mockserver import MockServer
from openai_kit.mockserver._auth import mask_key
from tests.mockserver.conftest import API_VERSION, BASE

GOOD = "sk-proj-good-0123456789abcdef"
BAD = "sk-proj-wrong-0123456789abcdefXYZ1"


@pytest.fixture
def locked() -> httpx.Client:
    mock = MockServer(api_keys=[GOOD, "second-key-000000"])
    return httpx.Client(transport=mock.transport(), base_url=BASE)


def test_openai_without_a_key_is_401_with_openais_message(http: httpx.Client) -> None:
    response = http.get("/v1/models")
    assert response.status_code == 401
    error = response.json()["error"]
    assert error["message"].startswith("You didn't provide an API key.")
    assert error["type"] == "invalid_request_error"
    assert error["code"] is None
    assert error["param"] is None


@pytest.mark.parametrize(
    "header",
    ["Basic abc", "Bearer", "Bearer   ", "bearer"],
    ids=["basic", "empty", "blank", "bare"],
)
def test_openai_malformed_authorization_counts_as_no_key(http: httpx.Client, header: str) -> None:
    response = http.get("/v1/models", headers={"Authorization": header})
    assert response.status_code == 401
    assert "didn't provide an API key" in response.json()["error"]["message"]


def test_any_non_empty_key_is_accepted_without_api_keys(http: httpx.Client) -> None:
    response = http.get("/v1/models", headers={"Authorization": "Bearer anything"})
    assert response.status_code == 200


def test_listed_keys_are_accepted(locked: httpx.Client) -> None:
    for key in (GOOD, "second-key-000000"):
        assert (
            locked.get("/v1/models", headers={"Authorization": f"Bearer {key}"}).status_code == 200
        )


def test_a_wrong_key_is_401_invalid_api_key_with_the_key_masked(locked: httpx.Client) -> None:
    response = locked.get("/v1/models", headers={"Authorization": f"Bearer {BAD}"})
    assert response.status_code == 401
    error = response.json()["error"]
    assert error["code"] == "invalid_api_key"
    assert error["type"] == "invalid_request_error"
    assert error["message"] == (
        "Incorrect API key provided: sk-proj-****XYZ1. You can find your API key at "
        "https://platform.openai.com/account/api-keys."
    )
    assert BAD not in response.text


@pytest.mark.parametrize(
    ("key", "masked"),
    [
        ("sk-proj-abcdefghijklmnopqrstuvwxyz0123", "sk-proj-****0123"),
        ("<not-a-real-key>", "****"),
        ("sk-abcdefghij", "****"),
        ("abcdefghijklmnopqrstuvwxyz01234", "****"),
        ("short", "****"),
    ],
)
def test_mask_key_never_reveals_the_whole_key(key: str, masked: str) -> None:
    assert mask_key(key) == masked
    assert key not in mask_key(key)


def azure_models(client: httpx.Client, headers: dict[str, str]) -> httpx.Response:
    return client.get("/openai/models", params={"api-version": API_VERSION}, headers=headers)


def test_azure_accepts_the_api_key_header_or_a_bearer_token(locked: httpx.Client) -> None:
    assert azure_models(locked, {"api-key": GOOD}).status_code == 200
    assert azure_models(locked, {"Authorization": f"Bearer {GOOD}"}).status_code == 200


def test_azure_without_credentials_is_401_in_azures_shape(locked: httpx.Client) -> None:
    response = azure_models(locked, {})
    assert response.status_code == 401
    assert response.json() == {
        "error": {
            "code": "401",
            "message": "Access denied due to missing subscription key. Make sure to include "
            "subscription key when making requests to an API.",
        }
    }


def test_azure_wrong_key_and_wrong_token(locked: httpx.Client) -> None:
    wrong_key = azure_models(locked, {"api-key": BAD})
    assert wrong_key.status_code == 401
    assert wrong_key.json()["error"]["code"] == "401"
    assert "invalid subscription key" in wrong_key.json()["error"]["message"]
    wrong_token = azure_models(locked, {"Authorization": f"Bearer {BAD}"})
    assert wrong_token.status_code == 401
    assert wrong_token.json()["error"]["message"].startswith("Unauthorized. Access token")
    for response in (wrong_key, wrong_token):
        assert BAD not in response.text


def test_azure_v1_routes_use_azure_auth(locked: httpx.Client) -> None:
    assert locked.get("/openai/v1/models", headers={"api-key": GOOD}).status_code == 200
    response = locked.get("/openai/v1/models", headers={"Authorization": f"Bearer {BAD}"})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "401"


def test_openai_routes_ignore_the_azure_header(locked: httpx.Client) -> None:
    response = locked.get("/v1/models", headers={"api-key": GOOD})
    assert response.status_code == 401


def test_admin_api_needs_no_key(locked: httpx.Client) -> None:
    assert locked.get("/_mock/requests").status_code == 200


def test_api_keys_must_be_non_empty_strings() -> None:
    with pytest.raises(ValueError, match="api_keys"):
        MockServer(api_keys=[""])
    with pytest.raises(ValueError, match="api_keys"):
        MockServer(api_keys=[])


def test_the_clients_key_is_the_first_accepted_key() -> None:
    assert MockServer(api_keys=["k1", "k2"]).api_key == "k1"
    assert MockServer().api_key.startswith("sk-")
