"""Stored responses, with the lifecycle of background responses.

Plain Python, no HTTP: methods take parsed arguments, return the JSON the
API sends and raise :class:`MockAPIError` for what the real service refuses.

Time comes from the server's clock (``mock.clock``, a
:class:`~openai_kit.mockserver._clock.Clock` moved by ``mock.advance(seconds)``
or ``POST /_mock/clock``). A background response is ``queued`` for
:data:`QUEUE_SECONDS`, then ``in_progress`` for ``1 + output_tokens / 50``
seconds, then ``completed`` (or ``incomplete``); nothing runs in the
background, the status is read off the clock whenever it is asked for. A
client that streams a background response (``stream=True`` on create, or a
retrieve with ``stream=true``) watches it run to the end at once. Outputs of a
response made in a conversation are appended to the conversation (its store,
``api/conversations/store.py``) when the response reaches its final state.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Final

from openai_kit.mockserver._errors import MockAPIError
from openai_kit.mockserver._ids import hex_id
from openai_kit.mockserver._paging import page
from openai_kit.mockserver._stores import State, Store, kept_at, not_found
from openai_kit.mockserver.api.conversations.store import ConversationsStore, item_not_found
from openai_kit.mockserver.api.responses.items import IdFactory
from openai_kit.mockserver.api.responses.plan import ResponsePlan
from openai_kit.mockserver.api.responses.render import (
    TERMINAL,
    ResponseMeta,
    render_response,
    response_events,
)

__all__ = [
    "QUEUE_SECONDS",
    "STREAM_WINDOW_SECONDS",
    "ResponsesStore",
    "StoredResponse",
]

QUEUE_SECONDS: Final = 1.0
TOKENS_PER_SECOND: Final = 50.0
STREAM_WINDOW_SECONDS: Final = 300.0
_WITH_OUTPUT: Final = frozenset({"completed", "incomplete"})


_response_not_found = not_found("Response with id '{}' not found.")


@dataclass
class StoredResponse:
    """One response and everything needed to show it at any moment.

    ``items`` are its input items (carried context first); ``kept`` whether
    it can be retrieved (stored, or background); ``finished_at`` when a
    stream played it to its end ahead of its schedule; ``settled`` whether
    its output has joined its conversation.
    """

    meta: ResponseMeta
    plan: ResponsePlan
    created: float
    items: list[dict[str, Any]]
    kept: bool
    cancelled: bool = False
    finished_at: float | None = None
    settled: bool = False

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def background(self) -> bool:
        return self.meta.background

    @property
    def run_seconds(self) -> float:
        return 1.0 + self.plan.output_tokens / TOKENS_PER_SECOND

    @property
    def done_at(self) -> float:
        """When the response reaches its final state (unless cancelled first)."""
        if self.finished_at is not None:
            return self.finished_at
        start = self.created + (QUEUE_SECONDS if self.background else 0.0)
        return start + self.run_seconds

    def status(self, now: float) -> str:
        if self.cancelled:
            return "cancelled"
        if not self.background or self.finished_at is not None or now >= self.done_at:
            return self.plan.status
        return "queued" if now < self.created + QUEUE_SECONDS else "in_progress"

    def render(self, now: float) -> dict[str, Any]:
        return render_response(
            self.meta, self.plan, status=self.status(now), completed_at=int(self.done_at)
        )

    def output_items(self, now: float) -> list[dict[str, Any]]:
        return self.plan.output() if self.status(now) in _WITH_OUTPUT else []

    def events(self) -> list[dict[str, Any]]:
        return response_events(
            self.meta, self.plan, completed_at=int(self.done_at), cancelled=self.cancelled
        )


class ResponsesStore(Store):
    """The stored responses of one mock server, and the ids of every Responses item."""

    area: ClassVar[str] = "responses"
    _responses = kept_at("responses", StoredResponse.render)

    def __init__(self, state: State) -> None:
        super().__init__(state)
        self._unsettled: list[StoredResponse] = []
        self._unannounced: list[StoredResponse] = []

    @property
    def _conversations(self) -> ConversationsStore:
        return self.state.get(ConversationsStore)

    def clear(self) -> None:
        super().clear()
        self._unsettled.clear()
        self._unannounced.clear()

    # -- ids -------------------------------------------------------------------------------

    def new_item_id(self, prefix: str) -> str:
        """A fresh id for an input item (``msg_...``, ``fc_...``)."""
        number = self.next_number("item")
        return f"{prefix}_{hex_id(self.seed, 'item', number, 50)}"

    def new_response_ids(self) -> tuple[str, IdFactory]:
        """The id of a new response and the factory of its output item ids.

        Like the real ones, a response's id and its items' ids share a stem.
        """
        number = self.next_number("response")
        stem = hex_id(self.seed, "response", number, 18)
        counter = iter(range(1, 1_000_000))

        def output_id(prefix: str) -> str:
            tail = hex_id(self.seed, f"response-{number}", next(counter), 32)
            return f"{prefix}_{stem}{tail}"

        return f"resp_{stem}{hex_id(self.seed, 'response-tail', number, 32)}", output_id

    # -- lifecycle ---------------------------------------------------------------------------

    def tick(self, now: float) -> None:
        with self.lock:
            self._settle(now)

    def _announce(self, now: float) -> None:
        """Emit ``response.completed`` (``failed``, ``cancelled``, ``incomplete``) for
        background responses that reached their final state."""
        waiting: list[StoredResponse] = []
        for record in self._unannounced:
            status = record.status(now)
            if status in TERMINAL:
                self.state.emit(f"response.{status}", record.render(now))
            else:
                waiting.append(record)
        self._unannounced = waiting

    def _settle(self, now: float) -> None:
        """Append the outputs of responses that have finished to their conversations."""
        if self._unannounced:
            self._announce(now)
        still: list[StoredResponse] = []
        for record in self._unsettled:
            status = record.status(now)
            if status not in TERMINAL:
                still.append(record)
                continue
            record.settled = True
            conversation_id = record.meta.conversation_id
            if conversation_id is not None:
                try:
                    self._conversations.extend(conversation_id, record.output_items(now))
                except MockAPIError:
                    pass  # the conversation was deleted meanwhile
        self._unsettled = still

    def _record(self, response_id: str) -> StoredResponse:
        return self.find(self._responses, response_id, _response_not_found)

    def add_response(
        self, record: StoredResponse, new_items: Sequence[dict[str, Any]], *, streamed: bool = False
    ) -> None:
        """Keep ``record`` (when stored or background) and feed its conversation.

        A ``streamed`` background response plays to its end at once.
        """
        with self.lock:
            if streamed and record.background:
                record.finished_at = record.created
            if record.kept:
                self._responses[record.id] = record
            if record.background:
                self._unannounced.append(record)
            conversation_id = record.meta.conversation_id
            if conversation_id is not None:
                self._conversations.extend(conversation_id, new_items)
                self._unsettled.append(record)
            self._settle(self.now())

    def previous_context(self, response_id: str) -> list[dict[str, Any]]:
        """What ``previous_response_id`` carries: that response's input items and output."""
        with self.lock:
            record = self._responses.get(response_id)
            if record is None:
                raise MockAPIError(
                    400,
                    f"Previous response with id '{response_id}' not found.",
                    param="previous_response_id",
                    code="previous_response_not_found",
                )
            now = self.now()
            return [*record.items, *record.output_items(now)]

    def settle(self) -> None:
        """Append the outputs of finished responses to their conversations (read them after)."""
        with self.lock:
            self._settle(self.now())

    def conversation_context(self, conversation_id: str) -> list[dict[str, Any]]:
        self.settle()
        return self._conversations.items_of(conversation_id)

    def resolve_item(self, item_id: str) -> dict[str, Any]:
        """The stored item with ``item_id`` (an ``item_reference``), or its 404."""
        with self.lock:
            now = self.now()
            for record in self._responses.values():
                for item in (*record.items, *record.output_items(now)):
                    if item.get("id") == item_id:
                        return dict(item)
        found = self._conversations.find_item(item_id)
        if found is None:
            raise item_not_found(item_id)
        return found

    # -- responses ---------------------------------------------------------------------------

    def retrieve(self, response_id: str) -> dict[str, Any]:
        with self.lock:
            now = self.now()
            self._settle(now)
            return self._record(response_id).render(now)

    def delete(self, response_id: str) -> dict[str, Any]:
        self.delete_from(self._responses, response_id, _response_not_found)
        return {"id": response_id, "object": "response", "deleted": True}

    def cancel(self, response_id: str) -> dict[str, Any]:
        """Cancel a queued or in-progress background response (idempotent once cancelled)."""
        with self.lock:
            now = self.now()
            record = self._record(response_id)
            if not record.background:
                raise MockAPIError(400, "Cannot cancel a synchronous response.")
            status = record.status(now)
            if status in ("completed", "failed"):
                raise MockAPIError(400, f"Cannot cancel a {status} response.")
            if status == "incomplete":
                raise MockAPIError(400, "Cannot cancel a response in terminal state.")
            record.cancelled = True
            self._settle(now)
            return record.render(now)

    def input_items(
        self, response_id: str, *, after: str | None, limit: int, order: str
    ) -> dict[str, Any]:
        with self.lock:
            record = self._record(response_id)
            return page(record.items, after=after, limit=limit, order=order)

    def stream_events(self, response_id: str, starting_after: int | None) -> list[dict[str, Any]]:
        """The events of a stored background response after ``starting_after``.

        Streaming plays the response to its end: it is final from then on.
        """
        with self.lock:
            now = self.now()
            record = self._record(response_id)
            if not record.background:
                raise MockAPIError(
                    400,
                    "This response cannot be streamed because it was not created with "
                    "background=true.",
                    param="stream",
                )
            if now - record.created > STREAM_WINDOW_SECONDS:
                raise MockAPIError(
                    400,
                    "This response can no longer be streamed because it is more than 5 minutes old",
                    param="stream",
                )
            self._finish(record, now)
            events = record.events()
        start = 0 if starting_after is None else starting_after + 1
        return events[start:]

    def _finish(self, record: StoredResponse, now: float) -> None:
        if not record.cancelled and record.status(now) not in TERMINAL:
            record.finished_at = now
        self._settle(now)
