"""A project's Realtime tests under the cassette marker, for inner pytest runs.

``realtime_tests(sync_client, async_client)`` is the source of a test module
whose two tests use those client fixtures: a sync session with a text turn,
an audio turn and a function-call turn, and an async session with a text
turn. The downstream scenario runs it with the official package's fixtures;
the plugin's tests with openai-kit's and the official package's.
"""

from __future__ import annotations

__all__ = ["TEXT", "realtime_tests"]

TEXT = "Please lookup the news"

_SOURCE = """
import pytest

TEXT = "Please lookup the news"
TOOL = {
    "type": "function",
    "name": "lookup",
    "parameters": {"type": "object", "properties": {"q": {"type": "string"}}, "required": ["q"]},
}
ITEM = {"type": "message", "role": "user", "content": [{"type": "input_text", "text": TEXT}]}


def until_done(events, kinds):
    for event in events:
        kinds.append(event.type)
        if event.type == "response.done":
            return event


@pytest.mark.openai_cassette
def test_realtime_turns(SYNC_CLIENT):
    kinds = []
    with SYNC_CLIENT.realtime.connect(model="gpt-realtime") as conn:
        conn.session.update(session={"type": "realtime", "output_modalities": ["text"]})
        conn.conversation.item.create(item=ITEM)
        conn.response.create()
        until_done(conn, kinds)
        conn.response.create(response={"output_modalities": ["audio"]})
        until_done(conn, kinds)
        conn.session.update(session={"type": "realtime", "tools": [TOOL], "tool_choice": "required"})
        conn.response.create()
        done = until_done(conn, kinds)
    assert kinds[0] == "session.created"
    assert "response.output_text.delta" in kinds and "response.output_audio.delta" in kinds
    assert done.response.output[0].type == "function_call"


@pytest.mark.anyio
@pytest.mark.openai_cassette
async def test_async_realtime_turn(ASYNC_CLIENT):
    kinds = []
    async with ASYNC_CLIENT.realtime.connect(model="gpt-realtime") as conn:
        await conn.conversation.item.create(item=ITEM)
        await conn.response.create(response={"output_modalities": ["text"]})
        async for event in conn:
            kinds.append(event.type)
            if event.type == "response.done":
                break
    assert "response.output_text.delta" in kinds
"""


def realtime_tests(sync_client: str, async_client: str, *, text: str = TEXT) -> str:
    """The test module's source, using fixtures ``sync_client`` and ``async_client``; the user
    says ``text``."""
    source = _SOURCE.replace("ASYNC_CLIENT", async_client).replace("SYNC_CLIENT", sync_client)
    return source.replace(f'TEXT = "{TEXT}"', f'TEXT = "{text}"')
