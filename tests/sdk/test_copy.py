"""``copy()`` and ``with_options()`` on the OpenAI clients.

client-behaviour.md A27 and A47-A53, with B10 (``arg or current`` for the
string options, the NotGiven sentinel for ``timeout`` and ``max_retries``,
and a shared connection pool). Every test runs both method names on both
the sync and the async client, and checks the original afterwards.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import httpx
import pytest

from openai_kit import InternalServerError
from tests.support.recorder import Recorder

if TYPE_CHECKING:
    from tests.sdk.conftest import Flavor

LOOPBACK = "http://127.0.0.1:4010"
METHODS = pytest.mark.parametrize("method", ["copy", "with_options"])
PHASES = ("connect", "read", "write", "pool")


def original(flavor: Flavor, recorder: Recorder, **kwargs: Any) -> Any:
    """The client every test copies: a key, an organization, a project, a header and a query."""
    kwargs.setdefault("organization", "org-orig")
    kwargs.setdefault("project", "proj_orig")
    kwargs.setdefault("default_headers", {"X-A": "1", "X-B": "1"})
    kwargs.setdefault("default_query", {"qa": "1", "qb": "1"})
    return flavor.openai(recorder, **kwargs)


def custom_headers(request: httpx.Request) -> dict[str, str]:
    return {
        name: request.headers[name] for name in ("X-A", "X-B", "X-C") if name in request.headers
    }


# --- no arguments (A47) --------------------------------------------------------------


@pytest.mark.asyncio
@METHODS
async def test_copy_without_arguments_keeps_everything(
    flavor: Flavor, recorder: Recorder, method: str
) -> None:
    client = original(flavor, recorder)
    copied = getattr(client, method)()
    assert copied is not client
    assert type(copied) is type(client)
    assert (copied.api_key, copied.organization, copied.project) == (
        "sk-test",
        "org-orig",
        "proj_orig",
    )
    assert copied.base_url == client.base_url
    await flavor.settle(copied.models.list())
    sent = recorder.last
    assert sent.headers["Authorization"] == "Bearer sk-test"
    assert sent.headers["OpenAI-Organization"] == "org-orig"
    assert sent.headers["OpenAI-Project"] == "proj_orig"
    assert custom_headers(sent) == {"X-A": "1", "X-B": "1"}
    assert recorder.query() == {"qa": "1", "qb": "1"}


# --- overrides apply to the copy only (A48, A52) -------------------------------------


@pytest.mark.asyncio
@METHODS
async def test_credential_overrides_apply_to_the_copy_only(
    flavor: Flavor, recorder: Recorder, method: str
) -> None:
    client = original(flavor, recorder)
    copied = getattr(client, method)(api_key="sk-new", organization="org-new", project="proj_new")
    await flavor.settle(copied.models.list())
    await flavor.settle(client.models.list())
    from_copy, from_original = recorder.requests
    assert from_copy.headers["Authorization"] == "Bearer sk-new"
    assert from_copy.headers["OpenAI-Organization"] == "org-new"
    assert from_copy.headers["OpenAI-Project"] == "proj_new"
    assert from_original.headers["Authorization"] == "Bearer sk-test"
    assert from_original.headers["OpenAI-Organization"] == "org-orig"
    assert from_original.headers["OpenAI-Project"] == "proj_orig"
    assert (client.api_key, client.organization, client.project) == (
        "sk-test",
        "org-orig",
        "proj_orig",
    )


@pytest.mark.asyncio
@METHODS
async def test_base_url_override_applies_to_the_copy_only(
    flavor: Flavor, recorder: Recorder, method: str
) -> None:
    client = original(flavor, recorder, base_url=f"{LOOPBACK}/v1")
    copied = getattr(client, method)(base_url=f"{LOOPBACK}/other")
    await flavor.settle(copied.models.list())
    await flavor.settle(client.models.list())
    paths = [r.url.path for r in recorder.requests]
    assert paths == ["/other/models", "/v1/models"]
    assert str(client.base_url) == f"{LOOPBACK}/v1/"


@pytest.mark.asyncio
@METHODS
async def test_max_retries_override_applies_to_the_copy_only(flavor: Flavor, method: str) -> None:
    error = {"error": {"message": "boom", "type": "server_error", "param": None, "code": None}}
    recorder = Recorder(error, status=500, headers={"retry-after-ms": "1"})
    client = original(flavor, recorder)
    copied = getattr(client, method)(max_retries=1)
    assert (copied.max_retries, client.max_retries) == (1, 2)
    with pytest.raises(InternalServerError):
        await flavor.settle(copied.models.list())
    assert len(recorder.requests) == 2
    with pytest.raises(InternalServerError):
        await flavor.settle(client.models.list())
    assert len(recorder.requests) == 2 + 3


@pytest.mark.asyncio
@METHODS
async def test_timeout_override_applies_to_the_copy_only(
    flavor: Flavor, recorder: Recorder, method: str
) -> None:
    client = original(flavor, recorder)
    copied = getattr(client, method)(timeout=7.0)
    await flavor.settle(copied.models.list())
    await flavor.settle(client.models.list())
    from_copy, from_original = (r.extensions["timeout"] for r in recorder.requests)
    assert from_copy == dict.fromkeys(PHASES, 7.0)
    assert from_original == {"connect": 5.0, "read": 600.0, "write": 600.0, "pool": 600.0}


# --- headers and query: merge or replace (A49-A51) -----------------------------------


@pytest.mark.asyncio
@METHODS
async def test_default_headers_merge_with_new_values_winning(
    flavor: Flavor, recorder: Recorder, method: str
) -> None:
    client = original(flavor, recorder)
    copied = getattr(client, method)(default_headers={"X-B": "2", "X-C": "3"})
    await flavor.settle(copied.models.list())
    await flavor.settle(client.models.list())
    from_copy, from_original = recorder.requests
    assert custom_headers(from_copy) == {"X-A": "1", "X-B": "2", "X-C": "3"}
    assert custom_headers(from_original) == {"X-A": "1", "X-B": "1"}


@pytest.mark.asyncio
@METHODS
async def test_set_default_headers_replaces_custom_headers_but_keeps_auth(
    flavor: Flavor, recorder: Recorder, method: str
) -> None:
    client = original(flavor, recorder)
    copied = getattr(client, method)(set_default_headers={"X-C": "3"})
    await flavor.settle(copied.models.list())
    await flavor.settle(client.models.list())
    from_copy, from_original = recorder.requests
    assert custom_headers(from_copy) == {"X-C": "3"}
    assert from_copy.headers["Authorization"] == "Bearer sk-test"
    assert from_copy.headers["OpenAI-Organization"] == "org-orig"
    assert custom_headers(from_original) == {"X-A": "1", "X-B": "1"}


@pytest.mark.asyncio
@METHODS
async def test_default_query_merges_with_new_values_winning(
    flavor: Flavor, recorder: Recorder, method: str
) -> None:
    client = original(flavor, recorder)
    copied = getattr(client, method)(default_query={"qb": "2", "qc": "3"})
    await flavor.settle(copied.models.list())
    await flavor.settle(client.models.list())
    assert recorder.query(0) == {"qa": "1", "qb": "2", "qc": "3"}
    assert recorder.query(1) == {"qa": "1", "qb": "1"}


@pytest.mark.asyncio
@METHODS
async def test_set_default_query_replaces_the_query(
    flavor: Flavor, recorder: Recorder, method: str
) -> None:
    client = original(flavor, recorder)
    copied = getattr(client, method)(set_default_query={"qc": "3"})
    await flavor.settle(copied.models.list())
    await flavor.settle(client.models.list())
    assert recorder.query(0) == {"qc": "3"}
    assert recorder.query(1) == {"qa": "1", "qb": "1"}


@METHODS
@pytest.mark.parametrize(
    "kwargs",
    [
        pytest.param(
            {"default_headers": {"X-C": "3"}, "set_default_headers": {"X-D": "4"}}, id="headers"
        ),
        pytest.param({"default_query": {"qc": "3"}, "set_default_query": {"qd": "4"}}, id="query"),
    ],
)
def test_both_halves_of_a_pair_raise_value_error(
    flavor: Flavor, recorder: Recorder, method: str, kwargs: dict[str, Any]
) -> None:
    client = original(flavor, recorder)
    with pytest.raises(ValueError):  # noqa: PT011 - only the type is specified
        getattr(client, method)(**kwargs)


# --- callable keys stay dynamic (A27) ------------------------------------------------


@pytest.mark.asyncio
@METHODS
async def test_copy_keeps_a_callable_key_dynamic(
    flavor: Flavor, recorder: Recorder, method: str
) -> None:
    calls: list[int] = []

    def next_key() -> str:
        calls.append(1)
        return f"key-{len(calls)}"

    async def next_key_async() -> str:
        return next_key()

    client = original(flavor, recorder, api_key=next_key_async if flavor.is_async else next_key)
    copied = getattr(client, method)(organization="org-copy")
    assert calls == []
    await flavor.settle(copied.models.list())
    await flavor.settle(copied.models.list())
    assert [r.headers["Authorization"] for r in recorder.requests] == [
        "Bearer key-1",
        "Bearer key-2",
    ]


# --- B10: which overrides count ------------------------------------------------------


@pytest.mark.asyncio
@METHODS
@pytest.mark.parametrize("empty", [None, ""], ids=["none", "empty-string"])
async def test_empty_organization_or_project_keeps_the_current_one(
    flavor: Flavor, recorder: Recorder, method: str, empty: str | None
) -> None:
    client = original(flavor, recorder)
    copied = getattr(client, method)(organization=empty, project=empty)
    await flavor.settle(copied.models.list())
    assert recorder.last.headers["OpenAI-Organization"] == "org-orig"
    assert recorder.last.headers["OpenAI-Project"] == "proj_orig"


@pytest.mark.asyncio
@METHODS
async def test_timeout_none_disables_timeouts_on_the_copy(
    flavor: Flavor, recorder: Recorder, method: str
) -> None:
    client = original(flavor, recorder, timeout=9.0)
    copied = getattr(client, method)(timeout=None)
    await flavor.settle(copied.models.list())
    await flavor.settle(client.models.list())
    assert recorder.requests[0].extensions["timeout"] == dict.fromkeys(PHASES)
    assert recorder.requests[1].extensions["timeout"] == dict.fromkeys(PHASES, 9.0)


@METHODS
def test_max_retries_zero_is_kept_on_the_copy(
    flavor: Flavor, recorder: Recorder, method: str
) -> None:
    client = original(flavor, recorder, max_retries=4)
    assert getattr(client, method)(max_retries=0).max_retries == 0
    assert getattr(client, method)().max_retries == 4


@pytest.mark.asyncio
@METHODS
async def test_copy_shares_the_http_client_unless_given_one(
    flavor: Flavor, recorder: Recorder, method: str
) -> None:
    client = original(flavor, recorder)
    await flavor.settle(getattr(client, method)().models.list())
    assert len(recorder.requests) == 1
    other = Recorder()
    copied = getattr(client, method)(http_client=flavor.http_client(other))
    await flavor.settle(copied.models.list())
    assert (len(recorder.requests), len(other.requests)) == (1, 1)
    assert other.last.headers["Authorization"] == "Bearer sk-test"
