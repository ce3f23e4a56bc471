"""Under pytest-xdist every worker has its own servers and ports, and tests share nothing."""

from __future__ import annotations

import json

import pytest

from tests.pytest_plugin.conftest import RunInner


def test_two_workers(pytester: pytest.Pytester, run: RunInner) -> None:
    pytester.makepyfile(
        """
import json, os
import pytest

@pytest.mark.parametrize("n", range(8))
def test_live_and_in_process(n, openai_mock_url, openai_client, openai_mock, tmp_path_factory):
    assert openai_client.models.list().data
    assert len(openai_mock.requests) == 1
    assert os.environ["OPENAI_BASE_URL"] == openai_mock_url + "/v1"
    out = tmp_path_factory.getbasetemp().parent.parent / "seen"
    out.mkdir(exist_ok=True)
    (out / f"{n}.json").write_text(json.dumps(
        {"worker": os.environ["PYTEST_XDIST_WORKER"], "url": openai_mock_url}))

@pytest.mark.parametrize("n", range(4))
@pytest.mark.asyncio
async def test_async(n, async_openai_client, openai_mock):
    assert (await async_openai_client.models.list()).data
    assert len(openai_mock.requests) == 1
"""
    )
    result = run("-n", "2", "-p", "xdist", subprocess=True)
    result.assert_outcomes(passed=12)
    seen = [json.loads(p.read_text()) for p in pytester.path.rglob("seen/*.json")]
    assert len(seen) == 8
    assert {s["worker"] for s in seen} == {"gw0", "gw1"}
    assert len({s["url"] for s in seen}) == 8
