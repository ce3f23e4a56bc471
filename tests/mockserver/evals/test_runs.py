"""Eval runs: lifecycle on the clock, grades computed, counts that agree with the output items."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from openai_kit.mockserver import MockServer
from openai_kit.mockserver.api.evals.runs import QUEUE_SECONDS
from tests.mockserver.conftest import AUTH
from tests.mockserver.evals.support import (
    CONTAINS,
    EVALS,
    EXACT,
    FUZZY,
    JUDGE,
    LABEL,
    TEMPLATE,
    create_eval,
    create_run,
    get,
    jsonl_source,
    rows,
)

CONTENT = rows(
    ("Capital of France?", "Paris", "Paris"),
    ("Capital of Italy?", "Rome", "It is Rome."),
    ("Largest ocean?", "Pacific", "Atlantic"),
    ("Kitten?", "kitten", "sitting"),
)


def _announced(mock: MockServer) -> list[str]:
    seen: list[str] = []
    mock.state.listeners.append(lambda kind, data: seen.append(kind))
    return seen


def _check_agreement(run: dict[str, Any], items: list[dict[str, Any]], criteria: list[str]) -> None:
    counts = run["result_counts"]
    assert counts["total"] == len(items)
    for status, key in (("pass", "passed"), ("fail", "failed"), ("error", "errored")):
        assert counts[key] == sum(1 for i in items if i["status"] == status)
    for index, name in enumerate(criteria):
        result = run["per_testing_criteria_results"][index]
        assert result["testing_criteria"] == name
        assert result["passed"] == sum(1 for i in items if i["results"][index]["passed"])
        assert result["failed"] == len(items) - result["passed"]


def test_jsonl_run_grades_for_real(mock: MockServer, http: httpx.Client) -> None:
    announced = _announced(mock)
    evaluation = create_eval(http, EXACT, CONTAINS, FUZZY)
    response = create_run(http, evaluation["id"], jsonl_source(CONTENT), name="first")
    assert response.status_code == 201 and response.headers["openai-poll-after-ms"] == "1000"
    run = response.json()
    assert (
        run["status"] == "queued" and run["result_counts"]["total"] == 0 and run["name"] == "first"
    )
    url = f"{EVALS}/{evaluation['id']}/runs/{run['id']}"
    mock.advance(QUEUE_SECONDS)
    assert get(http, url)["status"] == "in_progress"
    mock.advance(10)
    done = get(http, url)
    assert done["status"] == "completed"
    assert announced == ["eval.run.succeeded"]
    items = get(http, f"{url}/output_items")["data"]
    scores = [[r["score"] for r in i["results"]] for i in items]
    assert scores[0] == [1.0, 1.0, 1.0]
    assert scores[1][:2] == [0.0, 1.0] and scores[1][2] == pytest.approx(2 * 4 / (11 + 4))
    assert scores[2][:2] == [0.0, 0.0]
    assert scores[3] == [0.0, 0.0, pytest.approx(8 / 13)]
    assert [i["status"] for i in items] == ["pass", "fail", "fail", "fail"]
    assert items[0]["datasource_item"] == CONTENT[0]["item"] and items[0]["datasource_item_id"] == 0
    assert items[0]["sample"]["output"] == [{"role": "assistant", "content": "Paris"}]
    _check_agreement(done, items, ["exact", "mentions", "fuzzy"])
    assert done["per_testing_criteria_results"][2]["passed"] == 2  # Paris 1.0, kitten/sitting 0.615
    assert done["per_model_usage"] == []


def test_counts_agree_while_the_run_is_in_progress(mock: MockServer, http: httpx.Client) -> None:
    evaluation = create_eval(http, EXACT)
    content = rows(*[(f"q{i}", "x", "x" if i % 3 else "y") for i in range(100)])
    run = create_run(http, evaluation["id"], jsonl_source(content)).json()
    url = f"{EVALS}/{evaluation['id']}/runs/{run['id']}"
    mock.advance(QUEUE_SECONDS + 1.5)  # half of the 1 + 100/50 seconds
    partial = get(http, url)
    assert partial["status"] == "in_progress"
    items = get(http, f"{url}/output_items", limit=100)["data"]
    assert partial["result_counts"]["total"] == len(items) == 50
    _check_agreement(partial, items, ["exact"])
    mock.advance(2)
    final = get(http, url)
    assert final["result_counts"] == {"total": 100, "errored": 0, "failed": 34, "passed": 66}


def test_sampled_runs_use_the_mocks_own_models(mock: MockServer, http: httpx.Client) -> None:
    evaluation = create_eval(http, CONTAINS, JUDGE, LABEL)
    content = rows(("Capital of France?", "Paris", None), ("Capital of Peru?", "Lima", None))
    for kind in ("completions", "responses"):
        source = {
            "type": kind,
            "model": "gpt-4o-mini",
            "input_messages": TEMPLATE,
            "sampling_params": {"temperature": 0.5, "seed": 7, "max_completion_tokens": 200},
            "source": {"type": "file_content", "content": content},
        }
        run = create_run(http, evaluation["id"], source).json()
        assert run["model"] == "gpt-4o-mini" and run["name"] == "gpt-4o-mini"
        mock.advance(10)
        url = f"{EVALS}/{evaluation['id']}/runs/{run['id']}"
        done = get(http, url)
        items = get(http, f"{url}/output_items")["data"]
        _check_agreement(done, items, ["mentions", "judge", "tone"])
        sample = items[0]["sample"]
        assert sample["input"][1] == {"role": "user", "content": "Capital of France?"}
        assert sample["output"][0]["content"] and sample["model"].startswith("gpt-4o-mini")
        assert (sample["temperature"], sample["seed"], sample["max_completion_tokens"]) == (
            0.5,
            7,
            200,
        )
        usage = done["per_model_usage"][0]
        # two samples and two grader-model calls per item
        assert usage["model_name"] == "gpt-4o-mini" and usage["invocation_count"] == 6
        assert usage["total_tokens"] == sum(
            i["sample"]["usage"]["total_tokens"]
            + sum(r["sample"]["usage"]["total_tokens"] for r in i["results"] if r["sample"])
            for i in items
        )
    # the same request sent directly gets the same answer
    direct = http.post(
        "/v1/chat/completions",
        json={
            "model": "gpt-4o-mini",
            "messages": [
                {"role": "developer", "content": "Answer in one word."},
                {"role": "user", "content": "Capital of France?"},
            ],
            "temperature": 0.5,
            "top_p": 1.0,
            "seed": 7,
            "max_completion_tokens": 200,
        },
        headers=AUTH,
    ).json()
    first_run = get(http, f"{EVALS}/{evaluation['id']}/runs")["data"][0]
    first_items = get(http, f"{EVALS}/{evaluation['id']}/runs/{first_run['id']}/output_items")[
        "data"
    ]
    assert (
        first_items[0]["sample"]["output"][0]["content"]
        == direct["choices"][0]["message"]["content"]
    )


def test_item_reference_and_file_sources(mock: MockServer, http: httpx.Client) -> None:
    evaluation = create_eval(http, CONTAINS)
    line = {
        "item": {
            "question": "Hi?",
            "answer": "x",
            "chat": [{"role": "user", "content": "Say {{item.answer}}"}],
        }
    }
    upload = http.post(
        "/v1/files",
        files={"file": ("rows.jsonl", (json.dumps(line) + "\n").encode())},
        data={"purpose": "evals"},
        headers=AUTH,
    ).json()
    source = {
        "type": "completions",
        "model": "gpt-4o-mini",
        "input_messages": {"type": "item_reference", "item_reference": "item.chat"},
        "source": {"type": "file_id", "id": upload["id"]},
    }
    run = create_run(http, evaluation["id"], source).json()
    mock.advance(10)
    items = get(http, f"{EVALS}/{evaluation['id']}/runs/{run['id']}/output_items")["data"]
    assert items[0]["sample"]["input"] == [{"role": "user", "content": "Say x"}]


@pytest.mark.parametrize(
    ("source", "param", "code"),
    [
        ({"type": "csv"}, "data_source.type", "invalid_value"),
        ({"type": "jsonl"}, "data_source.source", "missing_required_parameter"),
        (
            {"type": "jsonl", "source": {"type": "file_content", "content": [{}]}},
            "data_source.source.content[0].item",
            "missing_required_parameter",
        ),
        (
            jsonl_source([{"item": {"question": "q"}}]),
            "data_source.source.content[0].item",
            "invalid_value",
        ),
        (
            {"type": "jsonl", "source": {"type": "file_id", "id": "file-nope"}},
            "data_source.source.id",
            None,
        ),
        (
            {"type": "completions", "source": {"type": "file_content", "content": []}},
            "data_source.model",
            "missing_required_parameter",
        ),
        (
            {
                "type": "completions",
                "model": "gpt-4o-mini",
                "source": {"type": "file_content", "content": []},
            },
            "data_source.input_messages",
            "missing_required_parameter",
        ),
        (
            {
                "type": "responses",
                "model": "gpt-4o-mini",
                "input_messages": TEMPLATE,
                "source": {"type": "responses"},
            },
            "data_source.source.type",
            "unsupported_data_source",
        ),
    ],
)
def test_run_create_refuses(
    http: httpx.Client, source: dict[str, Any], param: str, code: str | None
) -> None:
    evaluation = create_eval(http)
    response = create_run(http, evaluation["id"], source)
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert (error["param"], error["code"]) == (param, code), error


def test_rows_that_cannot_be_graded_error_and_a_run_of_only_those_fails(
    mock: MockServer, http: httpx.Client
) -> None:
    announced = _announced(mock)
    evaluation = create_eval(http, EXACT)
    mixed = create_run(
        http, evaluation["id"], jsonl_source(rows(("q", "a", "a"), ("q", "a", None)))
    ).json()
    broken = create_run(http, evaluation["id"], jsonl_source(rows(("q", "a", None)))).json()
    mock.advance(10)
    base = f"{EVALS}/{evaluation['id']}/runs"
    done = get(http, f"{base}/{mixed['id']}")
    assert done["status"] == "completed"
    assert done["result_counts"] == {"total": 2, "errored": 1, "failed": 0, "passed": 1}
    failed = get(http, f"{base}/{broken['id']}")
    assert failed["status"] == "failed" and failed["error"]["code"] == "all_items_errored"
    assert sorted(announced) == ["eval.run.failed", "eval.run.succeeded"]
    assert [r["id"] for r in get(http, base, status="failed")["data"]] == [broken["id"]]


def test_cancel_delete_and_output_item_paging(mock: MockServer, http: httpx.Client) -> None:
    announced = _announced(mock)
    evaluation = create_eval(http, EXACT)
    base = f"{EVALS}/{evaluation['id']}/runs"
    run = create_run(http, evaluation["id"], jsonl_source(CONTENT)).json()
    canceled = http.post(f"{base}/{run['id']}", headers=AUTH).json()
    assert canceled["status"] == "canceled" and announced == ["eval.run.canceled"]
    mock.advance(10)
    assert get(http, f"{base}/{run['id']}")["result_counts"]["total"] == 0
    assert http.post(f"{base}/{run['id']}", headers=AUTH).status_code == 409
    done = create_run(http, evaluation["id"], jsonl_source(CONTENT)).json()
    mock.advance(10)
    url = f"{base}/{done['id']}/output_items"
    passing = get(http, url, status="pass")["data"]
    assert [i["datasource_item_id"] for i in passing] == [0]
    assert [
        i["datasource_item_id"] for i in get(http, url, status="fail", order="desc")["data"]
    ] == [3, 2, 1]
    first = get(http, url, limit=1)
    assert first["has_more"] is True
    assert (
        get(http, url, after=first["data"][0]["id"], limit=1)["data"][0]["datasource_item_id"] == 1
    )
    item = get(http, f"{url}/{first['data'][0]['id']}")
    assert item == first["data"][0]
    assert http.get(f"{url}/outputitem_nope", headers=AUTH).status_code == 404
    assert http.get(url, params={"status": "error"}, headers=AUTH).status_code == 400
    deleted = http.delete(f"{base}/{done['id']}", headers=AUTH).json()
    assert deleted == {"object": "eval.run.deleted", "deleted": True, "run_id": done["id"]}
    assert http.get(f"{base}/{done['id']}", headers=AUTH).status_code == 404
    http.delete(f"{EVALS}/{evaluation['id']}", headers=AUTH)
    assert http.get(f"{base}/{run['id']}", headers=AUTH).status_code == 404
