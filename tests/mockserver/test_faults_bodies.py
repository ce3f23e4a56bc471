"""Status faults answer with the body and headers each service really sends."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from openai_kit.mockserver import MockServer, faults
from openai_kit.mockserver._auth import mask_key
from tests.mockserver.conftest import API_VERSION, AUTH, AZURE_AUTH, KEY

CHAT = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Hi"}]}
OPENAI = "/v1/chat/completions"
AZURE = f"/openai/deployments/gpt-4o-mini/chat/completions?api-version={API_VERSION}"
AZURE_V1 = "/openai/v1/chat/completions"


def call(mock: MockServer, http: httpx.Client, fault: faults.Fault, route: str) -> httpx.Response:
    mock.faults.clear()
    mock.faults.add(fault)
    headers = AUTH if route == OPENAI else AZURE_AUTH
    return http.post(route, json=CHAT, headers=headers)


def error_of(response: httpx.Response) -> dict[str, Any]:
    body = response.json()
    assert set(body) == {"error"}
    error: dict[str, Any] = body["error"]
    return error


def test_openai_rate_limit_exceeded(mock: MockServer, http: httpx.Client) -> None:
    response = call(mock, http, faults.status(429), OPENAI)
    assert response.status_code == 429
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    error = error_of(response)
    assert (error["type"], error["code"], error["param"]) == (
        "requests",
        "rate_limit_exceeded",
        None,
    )
    assert error["message"].startswith("Rate limit reached for gpt-4o-mini in organization org-")
    assert "requests per min (RPM)" in error["message"]
    assert "retry-after" not in response.headers
    assert response.headers["x-ratelimit-remaining-requests"] == "0"
    assert response.headers["x-request-id"].startswith("req_")


def test_openai_rate_limit_quotes_the_organization_sent(
    mock: MockServer, http: httpx.Client
) -> None:
    mock.faults.add(faults.status(429))
    response = http.post(OPENAI, json=CHAT, headers={**AUTH, "OpenAI-Organization": "org-acme"})
    assert "in organization org-acme on" in error_of(response)["message"]


def test_azure_rate_limit_has_a_wait(mock: MockServer, http: httpx.Client) -> None:
    response = call(mock, http, faults.status(429), AZURE)
    assert response.status_code == 429
    assert error_of(response) == {
        "code": "429",
        "message": "Requests to the ChatCompletions_Create Operation under Azure OpenAI API "
        f"version {API_VERSION} have exceeded call rate limit of your current OpenAI S0 pricing "
        "tier. Please retry after 1 second. Please go here: https://aka.ms/oai/quotaincrease "
        "if you would like to further increase the default rate limit.",
    }
    assert response.headers["retry-after"] == "1"
    assert response.headers["retry-after-ms"] == "1000"
    assert "apim-request-id" in response.headers


@pytest.mark.parametrize(("route", "ms"), [(OPENAI, None), (AZURE, "2500"), (AZURE_V1, "2500")])
def test_retry_after(mock: MockServer, http: httpx.Client, route: str, ms: str | None) -> None:
    response = call(mock, http, faults.status(429, retry_after=2.5), route)
    assert response.headers["retry-after"] == "2.5"
    assert response.headers.get("retry-after-ms") == ms
    whole = call(mock, http, faults.status(503, retry_after=3), route)
    assert whole.headers["retry-after"] == "3"


def test_azure_v1_route_uses_azure_bodies(mock: MockServer, http: httpx.Client) -> None:
    response = call(mock, http, faults.status(429, retry_after=7), AZURE_V1)
    assert error_of(response)["code"] == "429"
    assert "Please retry after 7 seconds" in error_of(response)["message"]


@pytest.mark.parametrize("route", [OPENAI, AZURE])
def test_insufficient_quota(mock: MockServer, http: httpx.Client, route: str) -> None:
    error = error_of(call(mock, http, faults.quota_exceeded(), route))
    assert (error["type"], error["code"]) == ("insufficient_quota", "insufficient_quota")
    assert error["message"].startswith("You exceeded your current quota")


def test_server_errors_on_openai(mock: MockServer, http: httpx.Client) -> None:
    error = error_of(call(mock, http, faults.status(500), OPENAI))
    assert error == {
        "message": "The server had an error while processing your request. Sorry about that!",
        "type": "server_error",
        "param": None,
        "code": None,
    }
    assert error_of(call(mock, http, faults.status(502), OPENAI)) == {
        "code": 502,
        "message": "Bad gateway.",
        "param": None,
        "type": "cf_bad_gateway",
    }
    overloaded = error_of(call(mock, http, faults.status(503), OPENAI))
    assert (overloaded["type"], overloaded["message"]) == (
        "server_error",
        "The server is overloaded or not ready yet.",
    )
    assert error_of(call(mock, http, faults.status(504), OPENAI))["type"] == "cf_gateway_timeout"


def test_server_errors_on_azure(mock: MockServer, http: httpx.Client) -> None:
    response = call(mock, http, faults.status(500), AZURE)
    error = error_of(response)
    assert error["type"] == "server_error"
    assert response.headers["x-request-id"] in error["message"]
    assert error_of(call(mock, http, faults.status(502), AZURE))["code"] == "BadGateway"
    assert error_of(call(mock, http, faults.status(503), AZURE))["code"] == "ServiceUnavailable"
    assert error_of(call(mock, http, faults.status(504), AZURE)) == {
        "code": "Timeout",
        "message": "The operation was timeout.",
    }


def test_invalid_api_key_masks_the_key(mock: MockServer, http: httpx.Client) -> None:
    response = call(mock, http, faults.invalid_api_key(), OPENAI)
    assert response.status_code == 401
    error = error_of(response)
    assert error["code"] == "invalid_api_key"
    assert mask_key(KEY) in error["message"]
    assert KEY not in response.text
    azure = call(mock, http, faults.status(401), AZURE)
    assert error_of(azure)["code"] == "401"
    assert KEY not in azure.text


def test_invalid_api_key_without_a_key(mock: MockServer, http: httpx.Client) -> None:
    mock.faults.add(faults.status(401))
    error = error_of(http.post(OPENAI, json=CHAT))
    assert error["message"].startswith("You didn't provide an API key")
    basic = error_of(http.post(OPENAI, json=CHAT, headers={"Authorization": "Basic c2VjcmV0"}))
    assert basic["message"].startswith("You didn't provide an API key")


def test_permission_denied(mock: MockServer, http: httpx.Client) -> None:
    assert error_of(call(mock, http, faults.status(403), OPENAI)) == {
        "code": "unsupported_country_region_territory",
        "message": "Country, region, or territory not supported",
        "param": None,
        "type": "request_forbidden",
    }
    assert error_of(call(mock, http, faults.permission_denied(), AZURE))["code"] == "403"


def test_model_and_deployment_not_found(mock: MockServer, http: httpx.Client) -> None:
    error = error_of(call(mock, http, faults.status(404), OPENAI))
    assert error["code"] == "model_not_found"
    assert error["message"] == (
        "The model `gpt-4o-mini` does not exist or you do not have access to it."
    )
    azure = error_of(call(mock, http, faults.model_not_found(), AZURE))
    assert azure["code"] == "DeploymentNotFound"


def test_azure_content_filter(mock: MockServer, http: httpx.Client) -> None:
    response = call(mock, http, faults.content_filter(), AZURE)
    assert response.status_code == 400
    error = error_of(response)
    assert (error["code"], error["param"], error["type"], error["status"]) == (
        "content_filter",
        "prompt",
        None,
        400,
    )
    assert "content management policy" in error["message"]
    inner = error["innererror"]
    assert inner["code"] == "ResponsibleAIPolicyViolation"
    result = inner["content_filter_result"]
    assert result["sexual"] == {"filtered": True, "severity": "medium"}
    assert result["jailbreak"] == {"filtered": False, "detected": False}
    assert {k: v["filtered"] for k, v in result.items()}["hate"] is False


def test_openai_flagged_prompt(mock: MockServer, http: httpx.Client) -> None:
    error = error_of(call(mock, http, faults.content_filter(), OPENAI))
    assert (error["code"], error["type"]) == ("invalid_prompt", "invalid_request_error")


@pytest.mark.parametrize("route", [OPENAI, AZURE])
def test_other_statuses_get_the_standard_body(
    mock: MockServer, http: httpx.Client, route: str
) -> None:
    response = call(mock, http, faults.status(409), route)
    assert response.status_code == 409
    assert "conflicts" in error_of(response)["message"]
    teapot = call(mock, http, faults.status(418), route)
    assert teapot.status_code == 418
    assert error_of(teapot)["message"] == "HTTP 418"
    timeout = call(mock, http, faults.status(408), route)
    assert timeout.status_code == 408


def test_a_custom_body_and_headers(mock: MockServer, http: httpx.Client) -> None:
    body = {"error": {"message": "custom", "type": "x", "param": None, "code": "c"}}
    fault = faults.status(500, body=body, headers={"X-Should-Retry": "false"})
    response = call(mock, http, fault, AZURE)
    assert response.json() == body
    assert response.headers["x-should-retry"] == "false"
    text = call(mock, http, faults.status(502, body="<html>502 Bad Gateway</html>"), OPENAI)
    assert text.text == "<html>502 Bad Gateway</html>"
    assert text.headers["content-type"] == "text/plain; charset=utf-8"
    html = faults.status(502, body=b"<html/>", headers={"Content-Type": "text/html"})
    page = call(mock, http, html, OPENAI)
    assert page.content == b"<html/>"
    assert page.headers["content-type"].startswith("text/html")


def test_status_faults_come_before_auth_and_validation(
    mock: MockServer, http: httpx.Client
) -> None:
    mock.faults.add(faults.status(503))
    response = http.post(OPENAI, content=b"not json", headers=AUTH)
    assert response.status_code == 503
    assert mock.requests.last.status == 503
