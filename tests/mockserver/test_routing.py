"""Routes: the three families, operation names, headers, 404s, bad JSON, 500s."""

from __future__ import annotations

import logging
import re
import time

import httpx
import pytest

from openai_kit.mockserver import MockServer, RecordedRequest
from openai_kit.mockserver.api import AREAS
from tests.mockserver.conftest import API_VERSION, AUTH, AZURE_AUTH, BASE

CHAT = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Hi"}]}
EMBED = {"model": "text-embedding-3-small", "input": "hello"}
COMPLETION = {"model": "gpt-3.5-turbo-instruct", "prompt": "Say hi", "max_tokens": 5}
MODERATION = {"model": "omni-moderation-latest", "input": "hello"}
Q = {"api-version": API_VERSION}

# (operation, method, OpenAI path, Azure classic path, Azure v1 path, body)
ROUTES = [
    ("chat.completions.create", "POST", "/v1/chat/completions",
     "/openai/deployments/gpt-4o-mini/chat/completions", "/openai/v1/chat/completions", CHAT),
    ("completions.create", "POST", "/v1/completions",
     "/openai/deployments/gpt-3.5-turbo-instruct/completions", "/openai/v1/completions", COMPLETION),
    ("embeddings.create", "POST", "/v1/embeddings",
     "/openai/deployments/text-embedding-3-small/embeddings", "/openai/v1/embeddings", EMBED),
    ("models.list", "GET", "/v1/models", "/openai/models", "/openai/v1/models", None),
    ("models.retrieve", "GET", "/v1/models/gpt-4o", "/openai/models/gpt-4o",
     "/openai/v1/models/gpt-4o", None),
    ("files.list", "GET", "/v1/files", "/openai/files", "/openai/v1/files", None),
]  # fmt: skip


@pytest.mark.parametrize(("operation", "method", "path", "classic", "v1", "body"), ROUTES)
def test_one_operation_name_for_all_three_route_families(
    mock: MockServer,
    http: httpx.Client,
    operation: str,
    method: str,
    path: str,
    classic: str,
    v1: str,
    body: dict[str, object] | None,
) -> None:
    assert http.request(method, path, json=body, headers=AUTH).status_code == 200
    assert http.request(method, classic, json=body, params=Q, headers=AZURE_AUTH).status_code == 200
    assert http.request(method, v1, json=body, headers=AZURE_AUTH).status_code == 200
    entries = mock.requests.filter(operation)
    assert [e.style for e in entries] == ["openai", "azure", "azure_v1"]
    assert all(e.status == 200 for e in entries)


def test_moderations_is_an_openai_route(mock: MockServer, http: httpx.Client) -> None:
    assert http.post("/v1/moderations", json=MODERATION, headers=AUTH).status_code == 200
    assert mock.requests.last.operation == "moderations.create"


def test_the_operation_names() -> None:
    names = [op.name for area in AREAS for op in area.operations]
    assert len(set(names)) == len(names)
    assert sorted(names) == [
        "audio.speech.create",
        "audio.transcriptions.create",
        "audio.translations.create",
        "batches.cancel",
        "batches.create",
        "batches.list",
        "batches.retrieve",
        "chat.completions.create",
        "completions.create",
        "containers.create",
        "containers.delete",
        "containers.files.content.retrieve",
        "containers.files.create",
        "containers.files.delete",
        "containers.files.list",
        "containers.files.retrieve",
        "containers.list",
        "containers.retrieve",
        "conversations.create",
        "conversations.delete",
        "conversations.items.create",
        "conversations.items.delete",
        "conversations.items.list",
        "conversations.items.retrieve",
        "conversations.retrieve",
        "conversations.update",
        "embeddings.create",
        "evals.create",
        "evals.delete",
        "evals.list",
        "evals.retrieve",
        "evals.runs.cancel",
        "evals.runs.create",
        "evals.runs.delete",
        "evals.runs.list",
        "evals.runs.output_items.list",
        "evals.runs.output_items.retrieve",
        "evals.runs.retrieve",
        "evals.update",
        "files.content",
        "files.create",
        "files.delete",
        "files.list",
        "files.retrieve",
        "fine_tuning.alpha.graders.run",
        "fine_tuning.alpha.graders.validate",
        "fine_tuning.checkpoints.permissions.create",
        "fine_tuning.checkpoints.permissions.delete",
        "fine_tuning.checkpoints.permissions.retrieve",
        "fine_tuning.jobs.cancel",
        "fine_tuning.jobs.checkpoints.list",
        "fine_tuning.jobs.create",
        "fine_tuning.jobs.list",
        "fine_tuning.jobs.list_events",
        "fine_tuning.jobs.pause",
        "fine_tuning.jobs.resume",
        "fine_tuning.jobs.retrieve",
        "images.create_variation",
        "images.edit",
        "images.generate",
        "models.delete",
        "models.list",
        "models.retrieve",
        "moderations.create",
        "realtime.calls.accept",
        "realtime.calls.create",
        "realtime.calls.hangup",
        "realtime.calls.refer",
        "realtime.calls.reject",
        "realtime.client_secrets.create",
        "responses.cancel",
        "responses.create",
        "responses.delete",
        "responses.input_items.list",
        "responses.input_tokens.count",
        "responses.retrieve",
        "uploads.cancel",
        "uploads.complete",
        "uploads.create",
        "uploads.parts.create",
        "vector_stores.create",
        "vector_stores.delete",
        "vector_stores.file_batches.cancel",
        "vector_stores.file_batches.create",
        "vector_stores.file_batches.list_files",
        "vector_stores.file_batches.retrieve",
        "vector_stores.files.content",
        "vector_stores.files.create",
        "vector_stores.files.delete",
        "vector_stores.files.list",
        "vector_stores.files.retrieve",
        "vector_stores.files.update",
        "vector_stores.list",
        "vector_stores.retrieve",
        "vector_stores.search",
        "vector_stores.update",
        "videos.create",
        "videos.delete",
        "videos.download_content",
        "videos.list",
        "videos.remix",
        "videos.retrieve",
    ]


def test_azure_classic_without_api_version_is_resource_not_found(http: httpx.Client) -> None:
    response = http.post(
        "/openai/deployments/gpt-4o-mini/chat/completions", json=CHAT, headers=AZURE_AUTH
    )
    assert response.status_code == 404
    assert response.json() == {"error": {"code": "404", "message": "Resource not found"}}


def test_azure_classic_with_a_malformed_api_version_is_400(http: httpx.Client) -> None:
    response = http.get("/openai/models", params={"api-version": "latest"}, headers=AZURE_AUTH)
    assert response.status_code == 400
    assert response.json()["error"] == {
        "code": "BadRequest",
        "message": "API version not supported",
    }


def test_azure_v1_accepts_a_missing_or_any_api_version(http: httpx.Client) -> None:
    for params in ({}, {"api-version": "preview"}):
        assert http.get("/openai/v1/models", params=params, headers=AZURE_AUTH).status_code == 200


def test_unknown_deployment_is_deployment_not_found(http: httpx.Client) -> None:
    classic = http.post(
        "/openai/deployments/nope/chat/completions", json=CHAT, params=Q, headers=AZURE_AUTH
    )
    v1 = http.post(
        "/openai/v1/chat/completions", json={**CHAT, "model": "nope"}, headers=AZURE_AUTH
    )
    for response in (classic, v1):
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "DeploymentNotFound"


def test_deployments_map_names_to_models() -> None:
    mock = MockServer(deployments={"prod-chat": "gpt-4o-mini"})
    with httpx.Client(transport=mock.transport(), base_url=BASE) as http:
        ok = http.post(
            "/openai/deployments/prod-chat/chat/completions",
            json={"messages": CHAT["messages"]},
            params=Q,
            headers=AZURE_AUTH,
        )
        assert ok.status_code == 200
        assert ok.json()["model"].startswith("gpt-4o-mini")
        # the journal keeps the body as sent; the deployment names the model
        assert mock.requests.last.json == {"messages": CHAT["messages"]}
        assert mock.requests.last.model == "prod-chat"
        unmapped = http.post(
            "/openai/deployments/gpt-4o-mini/chat/completions",
            json=CHAT,
            params=Q,
            headers=AZURE_AUTH,
        )
        assert unmapped.status_code == 404
    with pytest.raises(ValueError, match="deployments"):
        MockServer(deployments={"x": "no-such-model"})


def test_azure_spelling_of_a_model_is_a_default_deployment(http: httpx.Client) -> None:
    response = http.post(
        "/openai/deployments/gpt-35-turbo/chat/completions", json=CHAT, params=Q, headers=AZURE_AUTH
    )
    assert response.status_code == 200


def test_unknown_openai_path_is_invalid_url(mock: MockServer, http: httpx.Client) -> None:
    response = http.get("/v1/nothing-here", headers=AUTH)
    assert response.status_code == 404
    assert response.json() == {
        "error": {
            "message": "Invalid URL (GET /v1/nothing-here)",
            "type": "invalid_request_error",
            "param": None,
            "code": None,
        }
    }
    assert mock.requests.last.operation is None
    assert mock.requests.last.status == 404


def test_wrong_method_on_a_known_path_is_invalid_url(http: httpx.Client) -> None:
    response = http.get("/v1/embeddings", headers=AUTH)
    assert response.status_code == 404
    assert response.json()["error"]["message"] == "Invalid URL (GET /v1/embeddings)"


def test_unknown_azure_path_is_resource_not_found(http: httpx.Client) -> None:
    for path in ("/openai/moderations", "/openai/v1/moderations", "/openai/deployments/x/y"):
        response = http.post(path, params=Q, json={}, headers=AZURE_AUTH)
        assert response.status_code == 404
        assert response.json() == {"error": {"code": "404", "message": "Resource not found"}}


@pytest.mark.parametrize(
    "body", [b"{not json", b"", b"\xff\xfe"], ids=["broken", "empty", "binary"]
)
def test_a_body_that_is_not_json_is_400(http: httpx.Client, body: bytes) -> None:
    response = http.post(
        "/v1/chat/completions",
        content=body,
        headers={**AUTH, "content-type": "application/json"},
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["message"].startswith("We could not parse the JSON body of your request.")
    assert error["type"] == "invalid_request_error"


def test_unexpected_exception_is_a_logged_500(
    mock: MockServer, http: httpx.Client, caplog: pytest.LogCaptureFixture
) -> None:
    def explode(request: RecordedRequest) -> bool:
        raise RuntimeError("boom")

    mock.script("chat.completions.create", content="x", match=explode)
    with caplog.at_level(logging.ERROR, logger="openai_kit.mockserver"):
        response = http.post("/v1/chat/completions", json=CHAT, headers=AUTH)
    assert response.status_code == 500
    assert response.json() == {
        "error": {
            "message": "The server had an error while processing your request. Sorry about that!",
            "type": "server_error",
            "param": None,
            "code": None,
        }
    }
    assert "boom" in caplog.text
    assert mock.requests.last.status == 500


RATE_HEADERS = [
    "x-ratelimit-limit-requests",
    "x-ratelimit-limit-tokens",
    "x-ratelimit-remaining-requests",
    "x-ratelimit-remaining-tokens",
    "x-ratelimit-reset-requests",
    "x-ratelimit-reset-tokens",
]


def test_openai_response_headers(http: httpx.Client) -> None:
    for response in (
        http.post("/v1/chat/completions", json=CHAT, headers=AUTH),
        http.get("/v1/files/file-missing", headers=AUTH),
        http.get("/v1/models"),
    ):
        headers = response.headers
        assert re.fullmatch(r"req_[0-9a-f]{32}", headers["x-request-id"])
        assert int(headers["openai-processing-ms"]) >= 0
        assert headers["openai-version"] == "2020-10-01"
        for name in RATE_HEADERS:
            assert name in headers
        assert "apim-request-id" not in headers
    assert int(headers["x-ratelimit-remaining-requests"]) < int(
        headers["x-ratelimit-limit-requests"]
    )


def test_azure_response_headers(http: httpx.Client) -> None:
    response = http.post(
        "/openai/deployments/gpt-4o-mini/chat/completions",
        json=CHAT,
        params=Q,
        headers={**AZURE_AUTH, "x-ms-client-request-id": "client-id-1"},
    )
    uuid = r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"
    headers = response.headers
    assert re.fullmatch(uuid, headers["apim-request-id"])
    assert re.fullmatch(uuid, headers["x-request-id"])
    assert headers["x-ms-client-request-id"] == "client-id-1"
    assert headers["x-ms-region"] == "East US"
    assert headers["azureml-model-session"].startswith("v")
    assert "ms-azureml-model-time" in headers
    for name in RATE_HEADERS:
        assert name in headers


def test_request_ids_are_deterministic_per_seed_and_call() -> None:
    def ids(seed: int) -> list[str]:
        mock = MockServer(seed=seed)
        with httpx.Client(transport=mock.transport(), base_url=BASE) as http:
            return [http.get("/v1/models", headers=AUTH).headers["x-request-id"] for _ in range(3)]

    first = ids(1)
    assert first == ids(1)
    assert len(set(first)) == 3
    assert first != ids(2)


def test_reset_restarts_request_ids(mock: MockServer, http: httpx.Client) -> None:
    before = http.get("/v1/models", headers=AUTH).headers["x-request-id"]
    mock.reset()
    assert http.get("/v1/models", headers=AUTH).headers["x-request-id"] == before


def test_organization_and_project_headers_are_echoed(http: httpx.Client) -> None:
    response = http.get(
        "/v1/models", headers={**AUTH, "OpenAI-Organization": "org-x", "OpenAI-Project": "proj_y"}
    )
    assert response.headers["openai-organization"] == "org-x"
    assert response.headers["openai-project"] == "proj_y"


def test_latency_delays_each_answer() -> None:
    mock = MockServer(latency=0.05)
    with httpx.Client(transport=mock.transport(), base_url=BASE) as http:
        started = time.perf_counter()
        assert http.get("/v1/models", headers=AUTH).status_code == 200
        assert time.perf_counter() - started >= 0.05
        assert int(http.get("/v1/models", headers=AUTH).headers["openai-processing-ms"]) >= 50
    with pytest.raises(ValueError, match="latency"):
        MockServer(latency=-1)


@pytest.mark.parametrize(
    "body", [[], "text", None, 3, {}, {"model": 5}, {"model": "gpt-4o", "stream": "yes"}]
)
@pytest.mark.parametrize(
    "path",
    [
        "/v1/chat/completions",
        "/v1/completions",
        "/v1/embeddings",
        "/v1/moderations",
        "/openai/v1/embeddings",
    ],
)
def test_odd_json_bodies_are_client_errors_never_500(
    http: httpx.Client, path: str, body: object
) -> None:
    headers = AZURE_AUTH if path.startswith("/openai") else AUTH
    response = http.post(path, json=body, headers=headers)
    assert 400 <= response.status_code < 500, response.text
    assert response.json()["error"]["message"]
