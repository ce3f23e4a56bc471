"""Evals: create (configs and criteria validated), retrieve, update, list, delete."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from openai_kit.mockserver import MockServer
from tests.mockserver.conftest import API_VERSION, AUTH, AZURE_AUTH
from tests.mockserver.evals.support import (
    EVALS,
    EXACT,
    FUZZY,
    ITEM_SCHEMA,
    JUDGE,
    LABEL,
    create_eval,
    get,
)


def test_create_stores_the_schema_and_criteria(http: httpx.Client) -> None:
    created = create_eval(http, EXACT, FUZZY, JUDGE, LABEL, metadata={"team": "a"})
    assert created["object"] == "eval" and created["id"].startswith("eval_")
    config = created["data_source_config"]
    assert config["type"] == "custom"
    assert config["schema"]["properties"]["item"] == ITEM_SCHEMA
    assert config["schema"]["required"] == ["item", "sample"]
    assert [c["name"] for c in created["testing_criteria"]] == ["exact", "fuzzy", "judge", "tone"]
    assert created["metadata"] == {"team": "a"}
    assert get(http, f"{EVALS}/{created['id']}") == created
    logs = http.post(
        EVALS,
        json={"data_source_config": {"type": "logs"}, "testing_criteria": [EXACT]},
        headers=AUTH,
    ).json()
    assert logs["data_source_config"]["schema"]["required"] == ["item", "sample"]


@pytest.mark.parametrize(
    ("body", "param", "code"),
    [
        ({"data_source_config": None}, "data_source_config", "missing_required_parameter"),
        (
            {"data_source_config": {"type": "custom"}},
            "data_source_config.item_schema",
            "missing_required_parameter",
        ),
        ({"data_source_config": {"type": "sql"}}, "data_source_config.type", "invalid_value"),
        ({"testing_criteria": []}, "testing_criteria", "empty_array"),
        ({"testing_criteria": None}, "testing_criteria", "missing_required_parameter"),
        (
            {"testing_criteria": [{k: v for k, v in FUZZY.items() if k != "pass_threshold"}]},
            "testing_criteria[0].pass_threshold",
            "missing_required_parameter",
        ),
        (
            {"testing_criteria": [EXACT, {"type": "python", "name": "p", "source": "x = 1"}]},
            "testing_criteria[1].type",
            "unsupported_grader",
        ),
        (
            {"testing_criteria": [{**EXACT, "type": "multi"}]},
            "testing_criteria[0].type",
            "invalid_value",
        ),
        (
            {"testing_criteria": [{**LABEL, "passing_labels": ["loud"]}]},
            "testing_criteria[0].passing_labels",
            "invalid_value",
        ),
        (
            {"testing_criteria": [{**JUDGE, "pass_threshold": "high"}]},
            "testing_criteria[0].pass_threshold",
            "invalid_type",
        ),
        ({"colour": "blue"}, "colour", "unknown_parameter"),
    ],
)
def test_create_refuses(http: httpx.Client, body: dict[str, Any], param: str, code: str) -> None:
    full = {
        "data_source_config": {"type": "custom", "item_schema": ITEM_SCHEMA},
        "testing_criteria": [EXACT],
        **body,
    }
    response = http.post(EVALS, json=full, headers=AUTH)
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert (error["param"], error["code"]) == (param, code), error


def test_update_list_and_delete(mock: MockServer, http: httpx.Client) -> None:
    ids = []
    for _ in range(3):
        ids.append(create_eval(http)["id"])
        mock.advance(1)
    updated = http.post(
        f"{EVALS}/{ids[0]}", json={"name": "renamed", "metadata": {"k": "v"}}, headers=AUTH
    ).json()
    assert (updated["name"], updated["metadata"]) == ("renamed", {"k": "v"})
    assert (
        http.post(f"{EVALS}/{ids[0]}", json={"testing_criteria": []}, headers=AUTH).status_code
        == 400
    )
    assert [e["id"] for e in get(http, EVALS)["data"]] == ids
    assert [e["id"] for e in get(http, EVALS, order="desc")["data"]] == list(reversed(ids))
    first = get(http, EVALS, limit=2)
    assert first["has_more"] is True and first["last_id"] == ids[1]
    assert [e["id"] for e in get(http, EVALS, after=ids[1])["data"]] == [ids[2]]
    assert http.get(EVALS, params={"order_by": "name"}, headers=AUTH).status_code == 400
    deleted = http.delete(f"{EVALS}/{ids[0]}", headers=AUTH).json()
    assert deleted == {"object": "eval.deleted", "deleted": True, "eval_id": ids[0]}
    missing = http.get(f"{EVALS}/{ids[0]}", headers=AUTH)
    assert (
        missing.status_code == 404
        and missing.json()["error"]["message"] == f"Eval with id '{ids[0]}' not found."
    )
    mock.reset()
    assert get(http, EVALS)["data"] == []


def test_azure_serves_no_evals(http: httpx.Client) -> None:
    classic = http.get("/openai/evals", params={"api-version": API_VERSION}, headers=AZURE_AUTH)
    assert classic.status_code == 404
    assert http.get("/openai/v1/evals", headers=AZURE_AUTH).status_code == 404
