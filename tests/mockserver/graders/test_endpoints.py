"""``fine_tuning.alpha.graders.run`` and ``.validate`` over HTTP and through the official package."""

from __future__ import annotations

from typing import Any

import httpx
import openai
import pytest

from openai_kit.mockserver import MockServer
from tests.mockserver.conftest import AUTH
from tests.mockserver.evals.support import EXACT
from tests.mockserver.test_official_client import STYLES, Style, async_official, official

RUN = "/v1/fine_tuning/alpha/graders/run"
VALIDATE = "/v1/fine_tuning/alpha/graders/validate"
SIMILAR: dict[str, Any] = {
    "type": "text_similarity",
    "name": "similar",
    "input": "{{sample.output_text}}",
    "reference": "{{item.answer}}",
    "evaluation_metric": "fuzzy_match",
}
JUDGE: dict[str, Any] = {
    "type": "score_model",
    "name": "judge",
    "model": "gpt-4o-mini",
    "input": [{"role": "user", "content": "Is '{{sample.output_text}}' right?"}],
}


def _run(
    http: httpx.Client, grader: dict[str, Any], sample: str, item: dict[str, Any]
) -> httpx.Response:
    body = {"grader": grader, "model_sample": sample, "item": item}
    return http.post(RUN, json=body, headers=AUTH)


def test_run_string_check_and_similarity(http: httpx.Client) -> None:
    item = {"answer": "kitten"}
    exact = _run(http, EXACT, "kitten", item).json()
    assert exact["reward"] == 1.0
    assert exact["metadata"]["name"] == "exact" and exact["metadata"]["type"] == "string_check"
    assert exact["metadata"]["scores"] == {"exact": 1.0}
    assert not any(
        v for k, v in exact["metadata"]["errors"].items() if not k.endswith(("type", "details"))
    )
    assert exact["metadata"]["token_usage"] is None
    assert _run(http, EXACT, "sitting", item).json()["reward"] == 0.0
    assert _run(http, SIMILAR, "sitting", item).json()["reward"] == pytest.approx(8 / 13)


def test_run_multi_combines_sub_graders_with_its_formula(http: httpx.Client) -> None:
    multi = {
        "type": "multi",
        "name": "both",
        "graders": {"exact": EXACT, "similar": SIMILAR, "judge": JUDGE},
        "calculate_output": "0.5 * exact + 0.25 * similar + 0.25 * judge",
    }
    body = _run(http, multi, "sitting", {"answer": "kitten"}).json()
    subs = body["sub_rewards"]
    assert subs["exact"] == 0.0 and subs["similar"] == pytest.approx(8 / 13)
    assert 0 <= subs["judge"] <= 1
    assert body["reward"] == pytest.approx(0.25 * 8 / 13 + 0.25 * subs["judge"])
    usage = body["model_grader_token_usage_per_model"]["gpt-4o-mini"]
    assert usage["total_tokens"] == usage["prompt_tokens"] + usage["completion_tokens"] > 0
    assert body["metadata"]["sampled_model_name"] == "gpt-4o-mini"
    assert body["metadata"]["token_usage"] == usage["total_tokens"]


def test_run_reports_an_invalid_variable(http: httpx.Client) -> None:
    body = _run(http, EXACT, "kitten", {"other": 1}).json()
    assert body["reward"] == 0.0
    assert body["metadata"]["errors"]["invalid_variable_error"] is True


def test_output_json_namespace(http: httpx.Client) -> None:
    grader = {**EXACT, "input": "{{sample.output_json.city}}", "reference": "Paris"}
    assert _run(http, grader, '{"city": "Paris"}', {}).json()["reward"] == 1.0


def test_python_graders_are_refused_to_run_but_validated(http: httpx.Client) -> None:
    python = {
        "type": "python",
        "name": "code",
        "source": "def grade(sample, item):\n    return 1.0\n",
    }
    refused = _run(http, python, "x", {})
    assert refused.status_code == 400
    error = refused.json()["error"]
    assert error["code"] == "unsupported_grader" and "does not run code" in error["message"]
    assert http.post(VALIDATE, json={"grader": python}, headers=AUTH).json() == {"grader": python}
    broken = http.post(VALIDATE, json={"grader": {**python, "source": "def grade(:"}}, headers=AUTH)
    assert broken.status_code == 400
    assert broken.json()["error"]["param"] == "grader.source"


@pytest.mark.parametrize(
    ("grader", "param", "code"),
    [
        ({**EXACT, "operation": "contains"}, "grader.operation", "invalid_value"),
        (
            {k: v for k, v in EXACT.items() if k != "reference"},
            "grader.reference",
            "missing_required_parameter",
        ),
        ({**SIMILAR, "evaluation_metric": "rouge_9"}, "grader.evaluation_metric", "invalid_value"),
        ({**JUDGE, "input": []}, "grader.input", "empty_array"),
        ({**JUDGE, "range": [1, 0]}, "grader.range", "invalid_value"),
        ({**JUDGE, "type": "label_model"}, "grader.type", "invalid_value"),
        (
            {"type": "multi", "name": "m", "graders": {"a": EXACT}, "calculate_output": "a + b"},
            "grader.calculate_output",
            "invalid_value",
        ),
        (
            {
                "type": "multi",
                "name": "m",
                "graders": {"a": {**EXACT, "type": "python"}},
                "calculate_output": "a",
            },
            "grader.graders.a.source",
            "missing_required_parameter",
        ),
    ],
)
def test_validate_errors(http: httpx.Client, grader: dict[str, Any], param: str, code: str) -> None:
    response = http.post(VALIDATE, json={"grader": grader}, headers=AUTH)
    assert response.status_code == 400
    assert (response.json()["error"]["param"], response.json()["error"]["code"]) == (param, code)


def test_run_needs_a_sample(http: httpx.Client) -> None:
    response = http.post(RUN, json={"grader": EXACT}, headers=AUTH)
    assert response.json()["error"]["param"] == "model_sample"


@pytest.mark.parametrize("style", STYLES)
def test_official_client(mock: MockServer, style: Style) -> None:
    client = official(mock, style)
    ran = client.fine_tuning.alpha.graders.run(
        grader=EXACT, model_sample="Paris", item={"answer": "Paris"}
    )
    assert ran.reward == 1.0 and ran.metadata.errors.invalid_variable_error is False
    multi: Any = {"type": "multi", "name": "m", "graders": JUDGE, "calculate_output": "2 * judge"}
    combined = client.fine_tuning.alpha.graders.run(grader=multi, model_sample="x")
    assert combined.reward == pytest.approx(2 * combined.sub_rewards["judge"])  # type: ignore[operator]
    validated = client.fine_tuning.alpha.graders.validate(grader=SIMILAR)
    assert validated.grader is not None and validated.grader.type == "text_similarity"
    with pytest.raises(openai.BadRequestError):
        client.fine_tuning.alpha.graders.validate(grader={**SIMILAR, "evaluation_metric": "x"})


@pytest.mark.asyncio
async def test_official_async_client(mock: MockServer) -> None:
    client = async_official(mock, "openai")
    ran = await client.fine_tuning.alpha.graders.run(
        grader=SIMILAR, model_sample="kitten", item={"answer": "sitting"}
    )
    assert ran.reward == pytest.approx(8 / 13)
    assert (await client.fine_tuning.alpha.graders.validate(grader=EXACT)).grader is not None
    await client.close()
