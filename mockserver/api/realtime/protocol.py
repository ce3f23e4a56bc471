"""One Realtime session's protocol: client events in, server events out.

:meth:`RealtimeSession.handle` takes a client event (its text parsed as
JSON) and returns the server events it causes, as iterables to send in order
(a response's events are produced lazily, so a ``response.cancel`` or
detected speech arriving meanwhile cuts it short). Bad events give an
``error`` event and leave the session as it was, as the real service does.
Everything is deterministic for the seed: ids come in series per session,
content from the generation engine.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, Final

from openai_kit.mockserver._errors import MockAPIError
from openai_kit.mockserver._ids import alnum_ids
from openai_kit.mockserver._params import (
    check_integer,
    check_object,
    check_string,
    invalid_request,
    invalid_value,
    missing,
)
from openai_kit.mockserver.api.realtime import audio
from openai_kit.mockserver.api.realtime.conversation import (
    Conversation,
    check_item,
    item_text,
    item_view,
)
from openai_kit.mockserver.api.realtime.frames import Event
from openai_kit.mockserver.api.realtime.responses import Output, ResponseRun, plan_response
from openai_kit.mockserver.api.realtime.session_config import (
    default_session,
    merge_session,
    response_config,
)
from openai_kit.mockserver.generation.rng import GrowingSeed, canonical_json, rng_for
from openai_kit.mockserver.generation.text import sentence
from openai_kit.mockserver.generation.tokens import count_tokens

__all__ = ["CLIENT_EVENTS", "RealtimeSession", "ScriptTaker"]

#: Finds the script that answers a response (given the request as JSON), or None.
ScriptTaker = Callable[[Mapping[str, Any]], Output | None]
Events = Iterable[Event]

CLIENT_EVENTS: Final = (
    "session.update",
    "input_audio_buffer.append",
    "input_audio_buffer.commit",
    "input_audio_buffer.clear",
    "conversation.item.create",
    "conversation.item.retrieve",
    "conversation.item.truncate",
    "conversation.item.delete",
    "response.create",
    "response.cancel",
    "output_audio_buffer.clear",
)
_PREFIXES: Final = {
    "sess": "sess_",
    "item": "item_",
    "call": "call_",
    "resp": "resp_",
    "event": "event_",
    "conv": "conv_",
}
_ID_LENGTH: Final = 21  # characters after an id's prefix, as the service's ids have
_COUNTED_TEXTS: Final = 4096  # texts whose token counts a session keeps
_PLAN_SEEDS: Final = 8  # instructions whose conversation digests a session keeps


class RealtimeSession:
    """The state of one connection: session config, conversation, input audio, the response.

    ``config`` is never changed in place (``merge_session`` makes a new one), so events
    show it as it is, and a response's config shares what it does not override.
    """

    def __init__(
        self,
        *,
        seed: int,
        number: int,
        model: str,
        expires_at: int,
        preset: Mapping[str, Any] | None,
        take_script: ScriptTaker,
    ) -> None:
        self.seed = seed
        self.number = number
        self._ids = {
            kind: alnum_ids(seed, f"realtime.{kind}.{number}", _ID_LENGTH, prefix)
            for kind, prefix in _PREFIXES.items()
        }
        #: The session's next event id.
        self.event_id = self._ids["event"]
        self.take_script = take_script
        self.config = default_session(self.new_id("sess"), model, expires_at)
        if preset:
            self.config = merge_session(
                self.config, {**preset, "type": "realtime"}, voice_locked=False
            )
        self.conversation = Conversation()
        self.conversation_id = self.new_id("conv")
        self.input_audio: dict[str, str] = {}
        self.buffer = bytearray()
        self.vad: audio.VoiceActivity | None = None
        self._vad_item: str | None = None
        self.response: ResponseRun | None = None
        self.audio_ms: dict[str, int] = {}
        self.voice_locked = False
        self._token_counts: dict[str, int] = {}
        self._plan_seeds: dict[str, GrowingSeed] = {}
        self._reset_vad()

    # -- ids and events ----------------------------------------------------------------

    def new_id(self, kind: str) -> str:
        """The session's next id of ``kind`` (``"item"``, ``"resp"``...), with its prefix."""
        return self._ids[kind]()

    def emit(self, event_type: str, **fields: Any) -> dict[str, Any]:
        return {"type": event_type, "event_id": self.event_id(), **fields}

    def error(self, err: MockAPIError, client_event_id: Any = None) -> dict[str, Any]:
        body = {
            "type": err.type,
            "code": err.code,
            "message": err.message,
            "param": err.param,
            "event_id": client_event_id if isinstance(client_event_id, str) else None,
        }
        return self.emit("error", error=body)

    def opening(self) -> list[dict[str, Any]]:
        return [self.emit("session.created", session=self.config)]

    # -- dispatch ---------------------------------------------------------------------------

    def handle(self, event: Any) -> list[Events]:
        """The server events a client event causes; ``event`` is its text once parsed as
        JSON (anything else than a JSON object, the text of one that is not JSON
        included, gets the parse error)."""
        if not isinstance(event, dict):
            err = MockAPIError(
                400,
                "The server could not parse the event: it is not a JSON object.",
                code="invalid_json",
            )
            return [[self.error(err)]]
        client_id = event.get("event_id")
        try:
            kind = event.get("type")
            if kind is None:
                missing("type")
            if kind not in CLIENT_EVENTS:
                invalid_value("type", kind, CLIENT_EVENTS)
            method: Callable[[dict[str, Any]], list[Events]] = getattr(
                self, "_" + kind.replace(".", "_")
            )
            return method(event)
        except MockAPIError as err:
            return [[self.error(err, client_id)]]

    def _session_update(self, event: dict[str, Any]) -> list[Events]:
        if "session" not in event:
            missing("session")
        merged = merge_session(self.config, event["session"], voice_locked=self.voice_locked)
        if merged["audio"]["input"] != self.config["audio"]["input"]:
            self.config = merged
            self._reset_vad()
        self.config = merged
        return [[self.emit("session.updated", session=self.config)]]

    def _reset_vad(self) -> None:
        given = self.config["audio"]["input"]
        turn = given.get("turn_detection")
        if turn is None:
            self.vad = None
            return
        self.vad = audio.VoiceActivity(
            audio.format_rate(given["format"]),
            float(turn.get("threshold", 0.5)),
            int(turn.get("prefix_padding_ms", 300)),
            int(turn.get("silence_duration_ms", 500 if turn["type"] == "semantic_vad" else 200)),
        )

    # -- conversation items -------------------------------------------------------------------

    def _conversation_item_create(self, event: dict[str, Any]) -> list[Events]:
        if "item" not in event:
            missing("item")
        item = check_item(event["item"])
        previous = event.get("previous_item_id")
        if previous is not None:
            check_string("previous_item_id", previous)
        stored = {
            "id": item.get("id") or self.new_id("item"),
            "object": "realtime.item",
            **item,
            "status": "completed",
        }
        if self.conversation.index(stored["id"]) is not None:
            invalid_request(
                f"Item with id '{stored['id']}' already exists.", "item.id", "duplicate_item_id"
            )
        if stored["type"] == "function_call" and "call_id" not in stored:
            stored["call_id"] = self.new_id("call")
        before = self.conversation.add(stored, previous)
        shown = item_view(stored)  # the events may wait behind a response that is being sent
        return [
            [
                self.emit("conversation.item.added", previous_item_id=before, item=shown),
                self.emit("conversation.item.done", previous_item_id=before, item=shown),
            ]
        ]

    def _conversation_item_retrieve(self, event: dict[str, Any]) -> list[Events]:
        item = item_view(self.conversation.get(self._item_id(event)))
        spoken = self.input_audio.get(item["id"])
        if spoken is not None:
            item["content"][0]["audio"] = spoken
        return [[self.emit("conversation.item.retrieved", item=item)]]

    def _conversation_item_delete(self, event: dict[str, Any]) -> list[Events]:
        item_id = self._item_id(event)
        self.conversation.delete(item_id)
        self.input_audio.pop(item_id, None)
        return [[self.emit("conversation.item.deleted", item_id=item_id)]]

    def _conversation_item_truncate(self, event: dict[str, Any]) -> list[Events]:
        item_id = self._item_id(event)
        for key in ("content_index", "audio_end_ms"):
            if key not in event:
                missing(key)
            check_integer(key, event[key], 0)
        self.conversation.truncate(
            item_id, event["content_index"], event["audio_end_ms"], self.audio_ms.get(item_id, 0)
        )
        self.audio_ms[item_id] = event["audio_end_ms"]
        return [
            [
                self.emit(
                    "conversation.item.truncated",
                    item_id=item_id,
                    content_index=event["content_index"],
                    audio_end_ms=event["audio_end_ms"],
                )
            ]
        ]

    @staticmethod
    def _item_id(event: Mapping[str, Any]) -> str:
        if "item_id" not in event:
            missing("item_id")
        check_string("item_id", event["item_id"])
        return str(event["item_id"])

    # -- input audio ------------------------------------------------------------------------------

    def _input_audio_buffer_append(self, event: dict[str, Any]) -> list[Events]:
        if "audio" not in event:
            missing("audio")
        check_string("audio", event["audio"])
        try:
            data = base64.b64decode(event["audio"], validate=True)
        except (binascii.Error, ValueError):
            invalid_request(
                "Invalid 'audio'. Expected base64-encoded audio bytes.", "audio", "invalid_value"
            )
        self.buffer.extend(data)
        if self.vad is None:
            return []
        out: list[Events] = []
        for what, at_ms in self.vad.feed(
            audio.decode(data, self.config["audio"]["input"]["format"])
        ):
            out.extend(
                self._speech_started(at_ms) if what == "started" else self._speech_stopped(at_ms)
            )
        return out

    def _speech_started(self, at_ms: int) -> list[Events]:
        self._vad_item = self.new_id("item")
        turn = self.config["audio"]["input"]["turn_detection"]
        if (
            self.response is not None
            and not self.response.done
            and turn.get("interrupt_response", True)
        ):
            self.response.cancel("turn_detected")
        return [
            [
                self.emit(
                    "input_audio_buffer.speech_started",
                    audio_start_ms=at_ms,
                    item_id=self._vad_item,
                )
            ]
        ]

    def _speech_stopped(self, at_ms: int) -> list[Events]:
        item_id = self._vad_item or self.new_id("item")
        out: list[Events] = [
            [self.emit("input_audio_buffer.speech_stopped", audio_end_ms=at_ms, item_id=item_id)]
        ]
        out.extend(self._commit(item_id))
        if self.config["audio"]["input"]["turn_detection"].get("create_response", True):
            out.extend(self._response_create({}))
        return out

    def _input_audio_buffer_commit(self, event: dict[str, Any]) -> list[Events]:
        fmt = self.config["audio"]["input"]["format"]
        length = audio.duration_ms(len(self.buffer), fmt)
        if length < 100:
            invalid_request(
                "Error committing input audio buffer: buffer too small. Expected at least 100ms of "
                f"audio, but buffer only has {length:.2f}ms of audio.",
                None,
                "input_audio_buffer_commit_empty",
            )
        return self._commit(self._vad_item or self.new_id("item"))

    def _commit(self, item_id: str) -> list[Events]:
        data, self.buffer = bytes(self.buffer), bytearray()
        self._vad_item = None
        item = {
            "id": item_id,
            "object": "realtime.item",
            "type": "message",
            "role": "user",
            "status": "completed",
            "content": [{"type": "input_audio", "transcript": None}],
        }
        before = self.conversation.add(item)
        self.input_audio[item_id] = base64.b64encode(data).decode()
        shown = item_view(item)  # before the transcription fills the item in
        out = [
            self.emit("input_audio_buffer.committed", previous_item_id=before, item_id=item_id),
            self.emit("conversation.item.added", previous_item_id=before, item=shown),
            self.emit("conversation.item.done", previous_item_id=before, item=shown),
        ]
        if self.config["audio"]["input"].get("transcription") is not None:
            out.extend(self._transcribe(item, data))
        return [out]

    def _transcribe(self, item: dict[str, Any], data: bytes) -> Iterator[dict[str, Any]]:
        transcript = sentence(
            rng_for(self.seed, "realtime.transcription", base64.b64encode(data).decode())
        )
        where = {"item_id": item["id"], "content_index": 0}
        for index, word in enumerate(transcript.split()):
            yield self.emit(
                "conversation.item.input_audio_transcription.delta",
                **where,
                delta=word if index == 0 else " " + word,
            )
        item["content"][0]["transcript"] = transcript
        seconds = audio.duration_ms(len(data), self.config["audio"]["input"]["format"]) / 1000
        yield self.emit(
            "conversation.item.input_audio_transcription.completed",
            **where,
            transcript=transcript,
            usage={"type": "duration", "seconds": seconds},
        )

    def _input_audio_buffer_clear(self, event: dict[str, Any]) -> list[Events]:
        self.buffer = bytearray()
        self._vad_item = None
        if self.vad is not None:
            self.vad.reset()
        return [[self.emit("input_audio_buffer.cleared")]]

    def _output_audio_buffer_clear(self, event: dict[str, Any]) -> list[Events]:
        response_id = self.response.response_id if self.response is not None else None
        if response_id is None:
            invalid_request("There is no output audio to clear.", None, "invalid_value")
        return [[self.emit("output_audio_buffer.cleared", response_id=response_id)]]

    # -- responses ---------------------------------------------------------------------------------

    def _response_create(self, event: dict[str, Any]) -> list[Events]:
        if self.response is not None and not self.response.done:
            invalid_request(
                f"Conversation already has an active response in progress: {self.response.response_id}. "
                "Wait until the response is finished before creating a new one.",
                None,
                "conversation_already_has_active_response",
            )
        params = check_object("response", event.get("response", {}))
        config = response_config(self.config, params)
        detached = params.get("conversation") == "none"
        items = (
            [check_item(i, f"response.input[{n}]") for n, i in enumerate(params.get("input") or [])]
            if "input" in params
            else self.conversation.items
        )
        spoken = "audio" in (config.get("output_modalities") or ["audio"])
        request = {
            "model": config["model"],
            "instructions": config.get("instructions"),
            "input": items,
        }
        texts = (
            [item_text(item) for item in items] if "input" in params else self.conversation.texts()
        )
        output = self.take_script(request)
        if output is None:
            seed = self._plan_seed(config.get("instructions", ""), texts)
            output = plan_response(seed, config, items, texts, spoken)
        if spoken:
            self.voice_locked = True
        prompt_tokens = self._tokens(str(config.get("instructions") or "")) + sum(
            map(self._tokens, texts)
        )
        self.response = ResponseRun(
            response_id=self.new_id("resp"),
            config=config,
            output=output,
            emit=self.emit,
            new_id=self.new_id,
            event_id=self.event_id,
            add_item=(lambda item: None) if detached else self.conversation.add,
            input_tokens=prompt_tokens,
            conversation_id=None if detached else self.conversation_id,
        )
        return [self.response.events(), self._after(self.response)]

    def _plan_seed(self, instructions: Any, texts: list[str]) -> int:
        """A response's seed: ``derive_seed(seed, "realtime.response", instructions, texts)``,
        hashing only the texts added since the last response with these instructions."""
        key = canonical_json(instructions)
        seed = self._plan_seeds.get(key)
        if seed is None:
            if len(self._plan_seeds) >= _PLAN_SEEDS:
                self._plan_seeds.clear()
            seed = self._plan_seeds[key] = GrowingSeed(self.seed, "realtime.response", instructions)
        return seed(texts)

    def _tokens(self, text: str) -> int:
        """``count_tokens(text)``, counted once per text (items come back in every response)."""
        count = self._token_counts.get(text)
        if count is None:
            if len(self._token_counts) >= _COUNTED_TEXTS:
                self._token_counts.clear()
            count = self._token_counts[text] = count_tokens(text)
        return count

    def _after(self, run: ResponseRun) -> Iterator[dict[str, Any]]:
        """What follows a response: the rate limits it left, and audio lengths for truncation."""
        self.audio_ms.update(run.audio_ms)
        if len(self._token_counts) >= _COUNTED_TEXTS:
            self._token_counts.clear()
        self._token_counts.update(run.counted)
        used = run.input_tokens + 1
        yield self.emit(
            "rate_limits.updated",
            rate_limits=[
                {"name": "requests", "limit": 5000, "remaining": 4999, "reset_seconds": 0.012},
                {
                    "name": "tokens",
                    "limit": 40000,
                    "remaining": max(0, 40000 - used),
                    "reset_seconds": round(used * 0.0015, 3),
                },
            ],
        )

    def _response_cancel(self, event: dict[str, Any]) -> list[Events]:
        run = self.response
        wanted = event.get("response_id")
        if run is None or run.done or (wanted is not None and wanted != run.response_id):
            invalid_request(
                "Cancellation failed: no active response found", None, "response_cancel_not_active"
            )
        run.cancel()
        return []
