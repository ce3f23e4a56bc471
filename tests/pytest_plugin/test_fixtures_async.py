"""The async fixtures under pytest-asyncio, in strict and in auto mode."""

from __future__ import annotations

import pytest

from tests.pytest_plugin.conftest import Inner

ASYNC_TESTS = """
import asyncio
import openai_kit

MSG = [{{"role": "user", "content": "hi"}}]

{decorator}
async def test_client(async_openai_client, openai_mock):
    reply = await async_openai_client.chat.completions.create(model="gpt-4o-mini", messages=MSG)
    assert reply.choices[0].message.content
    assert len(openai_mock.requests) == 1

{decorator}
async def test_concurrent_streams(async_openai_client, async_azure_openai_client, openai_mock):
    async def collect(client):
        stream = await client.chat.completions.create(
            model="gpt-4o-mini", messages=MSG, stream=True)
        return [chunk async for chunk in stream]

    results = await asyncio.gather(*(collect(c) for c in [async_openai_client] * 3
                                     + [async_azure_openai_client] * 3))
    assert all(len(chunks) > 2 for chunks in results)
    assert len(openai_mock.requests) == 6

{decorator}
async def test_user_async_fixture(answer):
    assert answer

{decorator}
async def test_official(async_official_openai_client):
    assert (await async_official_openai_client.models.list()).data

def test_sync_beside(openai_client):
    assert openai_client.models.list().data
"""

USER_FIXTURE = """
import pytest
{fixture_import}

@{fixture_decorator}
async def answer(async_openai_client):
    reply = await async_openai_client.embeddings.create(model="text-embedding-3-small", input="x")
    return reply.data[0].embedding
"""


@pytest.mark.parametrize("mode", ["strict", "auto"])
def test_async_fixtures_in_both_asyncio_modes(
    pytester: pytest.Pytester, inner: Inner, mode: str
) -> None:
    strict = mode == "strict"
    pytester.makeconftest(
        USER_FIXTURE.format(
            fixture_import="import pytest_asyncio" if strict else "",
            fixture_decorator="pytest_asyncio.fixture" if strict else "pytest.fixture",
        )
    )
    pytester.makepyfile(
        "import pytest\n" + ASYNC_TESTS.format(decorator="@pytest.mark.asyncio" if strict else "")
    )
    inner(asyncio_mode=mode)().assert_outcomes(passed=5)
