"""Models: the catalogue, fine-tuned models, Azure model shape."""

from __future__ import annotations

import httpx
import pytest

from openai_kit.mockserver import MockServer
from tests.mockserver.conftest import API_VERSION, AUTH, AZURE_AUTH


def test_models_list_and_retrieve(http: httpx.Client) -> None:
    listed = http.get("/v1/models", headers=AUTH).json()
    assert listed["object"] == "list"
    ids = {m["id"] for m in listed["data"]}
    assert {"gpt-4o", "text-embedding-3-small", "omni-moderation-latest"} <= ids
    model = http.get("/v1/models/gpt-4o", headers=AUTH).json()
    assert set(model) == {"id", "object", "created", "owned_by"}
    missing = http.get("/v1/models/gpt-9", headers=AUTH)
    assert missing.status_code == 404
    assert missing.json()["error"] == {
        "message": "The model `gpt-9` does not exist or you do not have access to it.",
        "type": "invalid_request_error",
        "param": None,
        "code": "model_not_found",
    }


def test_fine_tuned_models_can_be_deleted_base_models_cannot(
    mock: MockServer, http: httpx.Client
) -> None:
    tuned = mock.state.add_fine_tuned_model("gpt-4o-mini", suffix="support")
    assert tuned.startswith("ft:gpt-4o-mini:org-mock:support:")
    assert tuned in {m["id"] for m in http.get("/v1/models", headers=AUTH).json()["data"]}
    assert http.get(f"/v1/models/{tuned}", headers=AUTH).json()["owned_by"] == "org-mock"
    assert http.delete(f"/v1/models/{tuned}", headers=AUTH).json() == {
        "id": tuned,
        "object": "model",
        "deleted": True,
    }
    assert http.get(f"/v1/models/{tuned}", headers=AUTH).status_code == 404
    assert http.delete(f"/v1/models/{tuned}", headers=AUTH).status_code == 404
    base = http.delete("/v1/models/gpt-4o", headers=AUTH)
    assert base.status_code == 403
    assert http.get("/v1/models/gpt-4o", headers=AUTH).status_code == 200
    with pytest.raises(ValueError, match="catalogue"):
        mock.state.add_fine_tuned_model("gpt-9")


def test_a_fine_tuned_model_is_an_azure_deployment(mock: MockServer, http: httpx.Client) -> None:
    tuned = mock.state.add_fine_tuned_model("gpt-4o-mini")
    response = http.post(
        f"/openai/deployments/{tuned}/chat/completions",
        params={"api-version": API_VERSION},
        json={"messages": [{"role": "user", "content": "hi"}]},
        headers=AZURE_AUTH,
    )
    assert response.status_code == 200


def test_azure_models_have_azures_shape(mock: MockServer, http: httpx.Client) -> None:
    tuned = mock.state.add_fine_tuned_model("gpt-4o-mini")
    q = {"api-version": API_VERSION}
    listed = http.get("/openai/models", params=q, headers=AZURE_AUTH).json()
    by_id = {m["id"]: m for m in listed["data"]}
    gpt = by_id["gpt-4o"]
    assert set(gpt) == {
        "status",
        "capabilities",
        "lifecycle_status",
        "deprecation",
        "id",
        "created_at",
        "object",
    }
    assert gpt["capabilities"]["chat_completion"] is True
    assert by_id["text-embedding-3-small"]["capabilities"]["embeddings"] is True
    assert by_id[tuned]["model"] == "gpt-4o-mini"
    assert by_id[tuned]["fine_tune"].startswith("ftjob-")
    one = http.get("/openai/v1/models/gpt-4o", headers=AZURE_AUTH).json()
    assert one["created_at"] == gpt["created_at"]
    delete = http.delete(f"/openai/models/{tuned}", params=q, headers=AZURE_AUTH)
    assert delete.status_code == 404  # Azure's data plane has no model deletion
