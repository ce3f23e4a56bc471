"""Fine-tuning jobs move through their lifecycle on the simulated clock and make a real model."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from openai_kit.mockserver import MockServer
from openai_kit.mockserver.api.files.store import FilesStore
from openai_kit.mockserver.api.fine_tuning.jobs import (
    MAX_RUN_SECONDS,
    QUEUE_SECONDS,
    VALIDATE_SECONDS,
)
from tests.mockserver.conftest import AUTH
from tests.mockserver.fine_tuning.support import (
    JOBS,
    chat_lines,
    dpo_lines,
    get,
    prompt_lines,
    start,
)


def _events(mock: MockServer) -> list[tuple[str, dict[str, Any]]]:
    seen: list[tuple[str, dict[str, Any]]] = []
    mock.state.listeners.append(lambda kind, data: seen.append((kind, dict(data))))
    return seen


def test_a_job_runs_to_a_fine_tuned_model(mock: MockServer, http: httpx.Client) -> None:
    announced = _events(mock)
    job = start(http, suffix="sea", metadata={"team": "a"})
    assert job["status"] == "validating_files"
    assert job["hyperparameters"] == {
        "batch_size": "auto",
        "learning_rate_multiplier": "auto",
        "n_epochs": "auto",
    }
    assert job["model"] == "gpt-4o-mini-2024-07-18" and job["fine_tuned_model"] is None
    url = f"{JOBS}/{job['id']}"
    mock.advance(VALIDATE_SECONDS)
    assert get(http, url)["status"] == "queued"
    assert get(http, url)["hyperparameters"] == {
        "batch_size": 1,
        "learning_rate_multiplier": 1.8,
        "n_epochs": 3,
    }
    mock.advance(QUEUE_SECONDS)
    running = get(http, url)
    assert running["status"] == "running" and running["estimated_finish"] is not None
    mock.advance(MAX_RUN_SECONDS)
    done = get(http, url)
    assert done["status"] == "succeeded" and done["finished_at"] is not None
    model = done["fine_tuned_model"]
    assert model.startswith("ft:gpt-4o-mini-2024-07-18:") and ":sea:" in model
    assert done["trained_tokens"] > 0 and done["estimated_finish"] is None
    assert [kind for kind, _ in announced] == ["fine_tuning.job.succeeded"]
    assert announced[0][1]["fine_tuned_model"] == model
    results = mock.state.get(FilesStore).get(done["result_files"][0])
    assert results.purpose == "fine-tune-results"
    assert results.data.decode().splitlines()[0] == "step,train_loss,train_mean_token_accuracy"
    assert len(results.data.decode().splitlines()) == 1 + 36  # 12 examples, batch 1, 3 epochs


def test_events_and_checkpoints(mock: MockServer, http: httpx.Client) -> None:
    job = start(http)
    url = f"{JOBS}/{job['id']}"
    mock.advance(VALIDATE_SECONDS + QUEUE_SECONDS + 0.5)
    partial = get(http, f"{url}/events", limit=100)["data"]
    metrics = [e for e in partial if e["type"] == "metrics"]
    assert 0 < len(metrics) < 36
    mock.advance(MAX_RUN_SECONDS)
    events = get(http, f"{url}/events", limit=100)["data"]
    assert events[0]["message"] == "The job has successfully completed"
    assert events[-1]["message"] == f"Validating training file: {job['training_file']}"
    steps = [e["data"]["step"] for e in reversed(events) if e["type"] == "metrics"]
    assert steps == list(range(1, 37))
    first = next(e for e in reversed(events) if e["type"] == "metrics")
    assert set(first["data"]) == {"step", "train_loss", "train_mean_token_accuracy", "total_steps"}
    assert [e["created_at"] for e in reversed(events)] == sorted(e["created_at"] for e in events)
    page = get(http, f"{url}/events", limit=2)
    assert len(page["data"]) == 2 and page["has_more"] is True
    after = get(http, f"{url}/events", limit=1, after=page["data"][0]["id"])
    assert after["data"][0]["id"] == page["data"][1]["id"]
    checkpoints = get(http, f"{url}/checkpoints")["data"]
    assert [c["step_number"] for c in checkpoints] == [36, 24, 12]
    done = get(http, url)
    assert checkpoints[0]["fine_tuned_model_checkpoint"] == done["fine_tuned_model"]
    assert (
        checkpoints[1]["fine_tuned_model_checkpoint"] == f"{done['fine_tuned_model']}:ckpt-step-24"
    )
    assert set(checkpoints[0]["metrics"]) == {"step", "train_loss", "train_mean_token_accuracy"}


def test_the_fine_tuned_model_answers_and_can_be_deleted(
    mock: MockServer, http: httpx.Client
) -> None:
    job = start(http)
    mock.advance(VALIDATE_SECONDS + QUEUE_SECONDS + MAX_RUN_SECONDS)
    model = get(http, f"{JOBS}/{job['id']}")["fine_tuned_model"]
    assert model in [m["id"] for m in get(http, "/v1/models")["data"]]
    chat = http.post(
        "/v1/chat/completions",
        json={"model": model, "messages": [{"role": "user", "content": "hi"}]},
        headers=AUTH,
    )
    assert chat.status_code == 200 and chat.json()["model"] == model
    response = http.post("/v1/responses", json={"model": model, "input": "hi"}, headers=AUTH)
    assert response.status_code == 200 and response.json()["model"] == model
    assert http.delete(f"/v1/models/{model}", headers=AUTH).json()["deleted"] is True
    assert http.get(f"/v1/models/{model}", headers=AUTH).status_code == 404


def test_continued_fine_tuning_of_a_fine_tuned_model(mock: MockServer, http: httpx.Client) -> None:
    mock.advance(0)
    first = start(http)
    mock.advance(10)
    model = get(http, f"{JOBS}/{first['id']}")["fine_tuned_model"]
    second = start(http, model=model)
    assert second["model"] == model
    mock.advance(10)
    assert get(http, f"{JOBS}/{second['id']}")["fine_tuned_model"].startswith(
        "ft:gpt-4o-mini-2024-07-18:"
    )


def test_every_job_finishes_within_ten_seconds(mock: MockServer, http: httpx.Client) -> None:
    job = start(http, chat_lines(2000), hyperparameters={"n_epochs": 50, "batch_size": 1})
    mock.advance(9.9)
    done = get(http, f"{JOBS}/{job['id']}")
    assert done["status"] == "succeeded"
    results = mock.state.get(FilesStore).get(done["result_files"][0]).data.decode().splitlines()
    assert len(results) == 1 + 100 and results[-1].startswith("100000,")  # every 1000th step


@pytest.mark.parametrize(
    ("model", "method", "lines"),
    [
        ("gpt-4.1-mini", {"type": "dpo", "dpo": {"hyperparameters": {"beta": 0.2}}}, dpo_lines(10)),
        (
            "o4-mini",
            {
                "type": "reinforcement",
                "reinforcement": {
                    "grader": {
                        "type": "string_check",
                        "name": "exact",
                        "input": "{{sample.output_text}}",
                        "reference": "{{item.answer}}",
                        "operation": "eq",
                    }
                },
            },
            prompt_lines(10),
        ),
        ("babbage-002", None, [{"prompt": f"p{i}", "completion": f"c{i}"} for i in range(10)]),
    ],
)
def test_each_method_trains_on_its_own_format(
    mock: MockServer,
    http: httpx.Client,
    model: str,
    method: dict[str, Any] | None,
    lines: list[Any],
) -> None:
    body: dict[str, Any] = {"model": model}
    if method is not None:
        body["method"] = method
    job = start(http, lines, **body)
    mock.advance(10)
    done = get(http, f"{JOBS}/{job['id']}")
    assert done["status"] == "succeeded", done["error"]
    kind = method["type"] if method else "supervised"
    assert done["method"]["type"] == kind
    if kind == "dpo":
        assert done["method"]["dpo"]["hyperparameters"]["beta"] == 0.2
    if kind == "reinforcement":
        assert done["method"]["reinforcement"]["grader"]["name"] == "exact"


def test_reset_forgets_jobs(mock: MockServer, http: httpx.Client) -> None:
    job = start(http)
    assert mock.state.snapshot()["fine_tuning"]["fine_tuning_jobs"][0]["id"] == job["id"]
    mock.reset()
    assert get(http, JOBS)["data"] == []
    assert http.get(f"{JOBS}/{job['id']}", headers=AUTH).status_code == 404
