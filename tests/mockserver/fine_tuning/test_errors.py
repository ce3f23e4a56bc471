"""What fine-tuning refuses at once (400s) and what fails a job while it validates its files."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from openai_kit.mockserver import MockServer
from tests.mockserver.fine_tuning.support import (
    JOBS,
    chat_lines,
    create_job,
    dpo_lines,
    get,
    jsonl,
    prompt_lines,
    start,
    upload,
)

STRING_CHECK = {
    "type": "string_check",
    "name": "exact",
    "input": "{{sample.output_text}}",
    "reference": "{{item.answer}}",
    "operation": "eq",
}


@pytest.mark.parametrize(
    ("body", "param", "code"),
    [
        ({"model": "gpt-9"}, "model", "model_not_available"),
        ({"model": "text-embedding-3-small"}, "model", "model_not_available"),
        ({"model": None}, "model", "missing_required_parameter"),
        ({"suffix": "x" * 65}, "suffix", "string_above_max_length"),
        ({"seed": -1}, "seed", "integer_below_min_value"),
        (
            {"hyperparameters": {"n_epochs": 0}},
            "hyperparameters.n_epochs",
            "integer_below_min_value",
        ),
        (
            {"hyperparameters": {"batch_size": 257}},
            "hyperparameters.batch_size",
            "integer_above_max_value",
        ),
        (
            {"hyperparameters": {"learning_rate_multiplier": 0}},
            "hyperparameters.learning_rate_multiplier",
            "decimal_below_min_value",
        ),
        ({"method": {"type": "magic"}}, "method.type", "invalid_value"),
        (
            {"method": {"type": "reinforcement"}, "model": "o4-mini"},
            "method.reinforcement.grader",
            "missing_required_parameter",
        ),
        (
            {"method": {"type": "reinforcement", "reinforcement": {"grader": STRING_CHECK}}},
            "method.type",
            "invalid_value",
        ),
        ({"method": {"type": "dpo"}, "model": "gpt-3.5-turbo"}, "method.type", "invalid_value"),
        (
            {"method": {"type": "dpo", "dpo": {"hyperparameters": {"beta": 3}}}},
            "method.dpo.hyperparameters.beta",
            "decimal_above_max_value",
        ),
        (
            {
                "model": "o4-mini",
                "method": {
                    "type": "reinforcement",
                    "reinforcement": {"grader": {"type": "python", "name": "p", "source": "x = 1"}},
                },
            },
            "method.reinforcement.grader.type",
            "unsupported_grader",
        ),
        (
            {"integrations": [{"type": "wandb", "wandb": {}}]},
            "integrations[0].wandb.project",
            "missing_required_parameter",
        ),
    ],
)
def test_create_refuses(http: httpx.Client, body: dict[str, Any], param: str, code: str) -> None:
    file_id = upload(http, jsonl(chat_lines(10)))
    response = create_job(http, **{"model": "gpt-4o-mini", "training_file": file_id, **body})
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert (error["param"], error["code"]) == (param, code), error


def test_unknown_parameters_and_files(http: httpx.Client) -> None:
    file_id = upload(http, jsonl(chat_lines(10)))
    unknown = create_job(http, model="gpt-4o-mini", training_file=file_id, epochs=3)
    assert unknown.json()["error"]["message"] == "Unrecognized request argument supplied: epochs"
    missing = create_job(http, model="gpt-4o-mini", training_file="file-nope")
    assert missing.status_code == 400
    assert missing.json()["error"] == {
        "message": "invalid training_file: file-nope",
        "type": "invalid_request_error",
        "param": "training_file",
        "code": None,
    }
    wrong = upload(http, jsonl(chat_lines(10)), purpose="assistants")
    purpose = create_job(http, model="gpt-4o-mini", training_file=file_id, validation_file=wrong)
    assert purpose.json()["error"]["param"] == "validation_file"
    assert purpose.json()["error"]["code"] == "invalid_file_purpose"


@pytest.mark.parametrize(
    ("lines", "body", "message"),
    [
        (chat_lines(9), {}, "Training file has 9 example(s), but must have at least 10 examples."),
        ([*chat_lines(10), "{not json"], {}, "Invalid file format. Line 11 is not valid JSON."),
        (
            [
                *chat_lines(3),
                {"messages": [{"role": "user", "content": "no answer"}]},
                *chat_lines(8),
            ],
            {},
            "Invalid file format. Line 4: the example has no assistant message to train on.",
        ),
        (
            [{"messages": [{"role": "robot", "content": "x"}]}, *chat_lines(10)],
            {},
            "Invalid file format. Line 1, message 1: 'role' must be one of 'system', 'developer', "
            "'user', 'assistant', 'tool'.",
        ),
        (
            chat_lines(10),
            {"method": {"type": "dpo"}},
            "Invalid file format. Line 1: 'input' must be an object",
        ),
        (dpo_lines(10), {}, "Invalid file format. Line 1: 'messages' must be a non-empty array."),
        (
            chat_lines(10),
            {
                "model": "o4-mini",
                "method": {"type": "reinforcement", "reinforcement": {"grader": STRING_CHECK}},
            },
            "the last message must be a user or developer message",
        ),
        (prompt_lines(10), {"model": "davinci-002"}, "'prompt' and 'completion' must be strings"),
    ],
)
def test_a_bad_training_file_fails_the_job(
    mock: MockServer, http: httpx.Client, lines: list[Any], body: dict[str, Any], message: str
) -> None:
    announced: list[str] = []
    mock.state.listeners.append(lambda kind, data: announced.append(kind))
    job = start(http, lines, **body)
    assert job["status"] == "validating_files"
    mock.advance(1)
    failed = get(http, f"{JOBS}/{job['id']}")
    assert failed["status"] == "failed" and failed["finished_at"] is not None
    assert failed["error"]["code"] == "invalid_training_file"
    assert failed["error"]["param"] == "training_file"
    assert message in failed["error"]["message"]
    assert announced == ["fine_tuning.job.failed"]
    assert get(http, f"{JOBS}/{job['id']}/events")["data"][0]["level"] == "error"


def test_a_bad_validation_file_fails_the_job(mock: MockServer, http: httpx.Client) -> None:
    validation = upload(http, jsonl(["[]"]))
    job = start(http, validation_file=validation)
    mock.advance(1)
    error = get(http, f"{JOBS}/{job['id']}")["error"]
    assert error["code"] == "invalid_validation_file" and error["param"] == "validation_file"
    assert error["message"] == "Invalid file format. Line 1: each line must be a JSON object."


def test_a_training_file_deleted_before_validation(mock: MockServer, http: httpx.Client) -> None:
    job = start(http)
    http.delete(f"/v1/files/{job['training_file']}", headers={"Authorization": "Bearer x"})
    mock.advance(1)
    assert (
        get(http, f"{JOBS}/{job['id']}")["error"]["message"]
        == f"File {job['training_file']} not found."
    )


def test_validation_metrics_come_with_a_validation_file(
    mock: MockServer, http: httpx.Client
) -> None:
    validation = upload(http, jsonl(chat_lines(3)))
    job = start(http, validation_file=validation)
    mock.advance(10)
    checkpoint = get(http, f"{JOBS}/{job['id']}/checkpoints")["data"][0]
    assert {"valid_loss", "valid_mean_token_accuracy"} <= set(checkpoint["metrics"])
