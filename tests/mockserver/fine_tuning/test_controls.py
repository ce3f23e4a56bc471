"""Cancel, pause and resume on the job state machine; listing and paging; checkpoint permissions."""

from __future__ import annotations

import httpx
import pytest

from openai_kit.mockserver import MockServer
from tests.mockserver.conftest import AUTH
from tests.mockserver.fine_tuning.support import JOBS, get, start


def _post(http: httpx.Client, path: str) -> httpx.Response:
    return http.post(path, headers=AUTH)


def test_pause_stops_training_and_resume_queues_it_again(
    mock: MockServer, http: httpx.Client
) -> None:
    job = start(http)
    url = f"{JOBS}/{job['id']}"
    early = _post(http, f"{url}/pause")
    assert early.status_code == 400
    assert early.json()["error"]["message"] == (
        f"Job {job['id']} cannot be paused: its status is 'validating_files'."
    )
    mock.advance(2.5)  # validated, queued, half a second of training
    paused = _post(http, f"{url}/pause").json()
    assert paused["status"] == "paused"
    mock.advance(60)
    assert get(http, url)["status"] == "paused"
    assert _post(http, f"{url}/pause").json()["error"]["code"] == "invalid_job_status"
    assert _post(http, f"{url}/resume").json()["status"] == "queued"
    mock.advance(1)
    assert get(http, url)["status"] == "running"
    remaining = 1 + 36 / 20 - 0.5
    mock.advance(remaining - 0.1)
    assert get(http, url)["status"] == "running"
    mock.advance(0.2)
    assert get(http, url)["status"] == "succeeded"
    assert _post(http, f"{url}/resume").status_code == 400
    steps = [
        e["data"]["step"]
        for e in get(http, f"{url}/events", limit=100)["data"]
        if e["type"] == "metrics"
    ]
    assert sorted(steps) == list(range(1, 37))


@pytest.mark.parametrize("wait", [0.0, 1.0, 2.5])
def test_cancel_at_any_stage_before_the_end(
    mock: MockServer, http: httpx.Client, wait: float
) -> None:
    announced: list[str] = []
    mock.state.listeners.append(lambda kind, data: announced.append(kind))
    job = start(http)
    mock.advance(wait)
    cancelled = _post(http, f"{JOBS}/{job['id']}/cancel").json()
    assert cancelled["status"] == "cancelled" and cancelled["fine_tuned_model"] is None
    mock.advance(60)
    assert get(http, f"{JOBS}/{job['id']}")["status"] == "cancelled"
    assert announced == ["fine_tuning.job.cancelled"]
    again = _post(http, f"{JOBS}/{job['id']}/cancel")
    assert again.status_code == 400 and "'cancelled'" in again.json()["error"]["message"]


def test_unknown_job(http: httpx.Client) -> None:
    for response in (
        http.get(f"{JOBS}/ftjob-nope", headers=AUTH),
        _post(http, f"{JOBS}/ftjob-nope/cancel"),
        http.get(f"{JOBS}/ftjob-nope/events", headers=AUTH),
    ):
        assert response.status_code == 404
        assert response.json()["error"]["message"] == "Could not find fine-tuning job ftjob-nope."


def test_list_pages_newest_first_and_filters_by_metadata(http: httpx.Client) -> None:
    jobs = [start(http, metadata={"n": str(i % 2)})["id"] for i in range(3)]
    listed = get(http, JOBS)
    assert [j["id"] for j in listed["data"]] == list(reversed(jobs)) and listed["has_more"] is False
    first = get(http, JOBS, limit=1)
    assert first["has_more"] is True
    assert get(http, JOBS, limit=1, after=first["data"][0]["id"])["data"][0]["id"] == jobs[1]
    assert [j["id"] for j in get(http, JOBS, **{"metadata[n]": "0"})["data"]] == [jobs[2], jobs[0]]
    assert http.get(JOBS, params={"limit": 0}, headers=AUTH).status_code == 400


def test_checkpoint_permissions(mock: MockServer, http: httpx.Client) -> None:
    job = start(http)
    mock.advance(10)
    checkpoint = get(http, f"{JOBS}/{job['id']}/checkpoints")["data"][1][
        "fine_tuned_model_checkpoint"
    ]
    url = f"/v1/fine_tuning/checkpoints/{checkpoint}/permissions"
    created = http.post(url, json={"project_ids": ["proj_a", "proj_b"]}, headers=AUTH).json()
    assert [p["project_id"] for p in created["data"]] == ["proj_a", "proj_b"]
    assert all(
        p["object"] == "checkpoint.permission" and p["id"].startswith("cp_")
        for p in created["data"]
    )
    assert [p["project_id"] for p in get(http, url)["data"]] == ["proj_b", "proj_a"]
    assert [p["project_id"] for p in get(http, url, order="ascending", limit=1)["data"]] == [
        "proj_a"
    ]
    assert [p["project_id"] for p in get(http, url, project_id="proj_b")["data"]] == ["proj_b"]
    duplicate = http.post(url, json={"project_ids": ["proj_a"]}, headers=AUTH)
    assert duplicate.status_code == 400
    assert (
        http.post(url, json={"project_ids": []}, headers=AUTH).json()["error"]["code"]
        == "empty_array"
    )
    assert (
        http.get(url, params={"order": "asc"}, headers=AUTH).json()["error"]["code"]
        == "invalid_value"
    )
    permission = created["data"][0]["id"]
    deleted = http.delete(f"{url}/{permission}", headers=AUTH).json()
    assert deleted == {"object": "checkpoint.permission", "id": permission, "deleted": True}
    assert http.delete(f"{url}/{permission}", headers=AUTH).status_code == 404
    unknown = http.get("/v1/fine_tuning/checkpoints/ft:gpt-4o-mini:x::y/permissions", headers=AUTH)
    assert unknown.status_code == 404
    assert (
        mock.state.snapshot()["fine_tuning"]["checkpoint_permissions"][0]["project_id"] == "proj_b"
    )
