"""One Realtime response: what it says or calls, and the server events that carry it.

:func:`plan_response` decides the output when no script does (a function call
with arguments valid against the tool's schema, or generated text, all
deterministic for the seed and the conversation); :class:`ResponseRun` yields
the GA event sequence (``response.created``, ``response.output_item.added``,
``conversation.item.added``, content parts, text or audio and transcript
deltas, the ``.done`` events, ``response.done`` with usage) and stops early
with ``status: cancelled`` once :meth:`ResponseRun.cancel` was called.

The run's events share its item objects, which it changes as the response
goes on: each event is sent (encoded) as soon as it is yielded, before the
run goes on, so an event needs no copy of what it shows.
"""

from __future__ import annotations

import base64
import json
import random
from collections.abc import Callable, Generator, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from openai_kit.mockserver.api.realtime import audio
from openai_kit.mockserver.api.realtime.frames import DeltaFrames, Event
from openai_kit.mockserver.generation.schema import json_from_schema
from openai_kit.mockserver.generation.text import reply_text, sentence
from openai_kit.mockserver.generation.tokens import count_tokens, tokenize

__all__ = ["Output", "ResponseRun", "plan_response"]

Emit = Callable[..., dict[str, Any]]
NewId = Callable[[str], str]
_DELTA_MS: Final = 100


@dataclass
class Output:
    """What a response produces: text, or function calls ``(name, arguments JSON)``;
    ``error``: a failed response's ``{"type", "code", "message"}``."""

    text: str | None = None
    calls: list[tuple[str, str]] = field(default_factory=list)
    error: dict[str, Any] | None = None


def _tool_to_call(
    tools: Sequence[Mapping[str, Any]], choice: Any, last: Mapping[str, Any] | None, said: str
) -> Mapping[str, Any] | None:
    """The tool a response calls, if any (``last``: the last item, ``said``: its words)."""
    functions = [t for t in tools if t.get("type") == "function"]
    if (
        not functions
        or choice == "none"
        or last is None
        or last.get("type") == "function_call_output"
    ):
        return None
    if isinstance(choice, Mapping):
        return next((t for t in functions if t["name"] == choice.get("name")), None)
    if choice == "required":
        return functions[0]
    words = set(said.lower().replace("?", " ").replace(",", " ").split())
    for tool in functions:
        if tool["name"].lower() in words or set(tool["name"].lower().split("_")) <= words:
            return tool
    return None


def plan_response(
    seed: int,
    config: Mapping[str, Any],
    items: Sequence[Mapping[str, Any]],
    texts: list[str],
    audio_out: bool,
) -> Output:
    """The output of a response to ``items`` (``texts``: their words, ``item_text``) under
    ``config`` (session merged with the request), drawn from ``seed`` (the response's:
    see ``RealtimeSession``)."""
    rng = random.Random(seed)
    last = items[-1] if items else None
    choice = config.get("tool_choice", "auto")
    tool = _tool_to_call(config.get("tools") or [], choice, last, texts[-1] if texts else "")
    if tool is not None:
        schema = tool.get("parameters") or {"type": "object", "properties": {}}
        arguments = json_from_schema(rng, schema)
        return Output(calls=[(tool["name"], json.dumps(arguments))])
    return Output(text=sentence(rng) if audio_out else reply_text(rng, 1, 2))


def _pieces(text: str) -> tuple[list[str], int]:
    """``text`` as deltas of a few tokens each, and its token count."""
    tokens = tokenize(text)
    return ["".join(tokens[i : i + 3]) for i in range(0, len(tokens), 3)] or [""], len(tokens)


@dataclass
class ResponseRun:
    """The events of one response, produced as they are sent."""

    response_id: str
    config: dict[str, Any]
    output: Output
    emit: Emit
    new_id: NewId
    event_id: Callable[[], str]
    add_item: Callable[[dict[str, Any]], str | None]
    input_tokens: int
    conversation_id: str | None
    cancelled: str | None = None
    done: bool = False
    audio_ms: dict[str, int] = field(default_factory=dict)
    #: token counts of the texts the response said, for the prompts of later responses
    counted: dict[str, int] = field(default_factory=dict)
    _items: list[dict[str, Any]] = field(default_factory=list)
    _output_tokens: dict[str, int] = field(default_factory=lambda: {"text": 0, "audio": 0})

    def cancel(self, reason: str = "client_cancelled") -> None:
        if not self.done:
            self.cancelled = reason

    @property
    def modalities(self) -> list[str]:
        return list(self.config.get("output_modalities") or ["audio"])

    def resource(self, status: str) -> dict[str, Any]:
        out = self.config["audio"]["output"]
        usage = None
        if status != "in_progress":
            text, spoken = self._output_tokens["text"], self._output_tokens["audio"]
            usage = {
                "total_tokens": self.input_tokens + text + spoken,
                "input_tokens": self.input_tokens,
                "output_tokens": text + spoken,
                "input_token_details": {
                    "text_tokens": self.input_tokens,
                    "audio_tokens": 0,
                    "image_tokens": 0,
                    "cached_tokens": 0,
                    "cached_tokens_details": {
                        "text_tokens": 0,
                        "audio_tokens": 0,
                        "image_tokens": 0,
                    },
                },
                "output_token_details": {"text_tokens": text, "audio_tokens": spoken},
            }
        details: dict[str, Any] | None = None
        if status == "cancelled":
            details = {"type": "cancelled", "reason": self.cancelled}
        elif status == "failed":
            details = {"type": "failed", "error": self.output.error}
        return {
            "object": "realtime.response",
            "id": self.response_id,
            "status": status,
            "status_details": details,
            "output": list(self._items) if status != "in_progress" else [],
            "conversation_id": self.conversation_id,
            "output_modalities": self.modalities,
            "max_output_tokens": self.config.get("max_output_tokens", "inf"),
            "audio": {"output": {"format": dict(out["format"]), "voice": out["voice"]}},
            "usage": usage,
            "metadata": self.config.get("metadata"),
        }

    def events(self) -> Iterator[Event]:
        yield self.emit("response.created", response=self.resource("in_progress"))
        if self.output.error is not None:
            self.done = True
            yield self.emit("response.done", response=self.resource("failed"))
            return
        if self.output.text is not None:
            yield from self._message(self.output.text)
        for name, arguments in self.output.calls:
            if self.cancelled:
                break
            yield from self._function_call(len(self._items), name, arguments)
        self.done = True
        status = "cancelled" if self.cancelled else "completed"
        yield self.emit("response.done", response=self.resource(status))

    def _open_item(self, item: dict[str, Any]) -> Iterator[Event]:
        index = len(self._items)
        self._items.append(item)
        yield {
            "type": "response.output_item.added",
            "event_id": self.event_id(),
            "response_id": self.response_id,
            "output_index": index,
            "item": item,
        }
        previous = self.add_item(item)
        yield {
            "type": "conversation.item.added",
            "event_id": self.event_id(),
            "previous_item_id": previous,
            "item": item,
        }

    def _close_item(self, item: dict[str, Any], index: int) -> Iterator[Event]:
        item["status"] = "incomplete" if self.cancelled else "completed"
        yield {
            "type": "conversation.item.done",
            "event_id": self.event_id(),
            "previous_item_id": None,
            "item": item,
        }
        yield {
            "type": "response.output_item.done",
            "event_id": self.event_id(),
            "response_id": self.response_id,
            "output_index": index,
            "item": item,
        }

    def _message(self, text: str) -> Iterator[Event]:
        item_id = self.new_id("item")
        spoken = "audio" in self.modalities
        part_type = "output_audio" if spoken else "output_text"
        item: dict[str, Any] = {
            "id": item_id,
            "object": "realtime.item",
            "type": "message",
            "role": "assistant",
            "status": "in_progress",
            "content": [],
        }
        yield from self._open_item(item)
        where = {
            "response_id": self.response_id,
            "item_id": item_id,
            "output_index": 0,
            "content_index": 0,
        }
        part: dict[str, Any] = (
            {"type": "audio", "transcript": ""} if spoken else {"type": "text", "text": ""}
        )
        yield {
            "type": "response.content_part.added",
            "event_id": self.event_id(),
            **where,
            "part": dict(part),
        }
        said = yield from (self._speak(text, where) if spoken else self._write(text, where))
        key = "transcript" if spoken else "text"
        part[key] = said
        item["content"] = [{"type": part_type, key: said}]
        yield {
            "type": "response.content_part.done",
            "event_id": self.event_id(),
            **where,
            "part": dict(part),
        }
        yield from self._close_item(item, 0)

    def _write(self, text: str, where: Mapping[str, Any]) -> Generator[Event, None, str]:
        said = ""
        deltas = DeltaFrames("response.output_text.delta", where, self.event_id, text)
        pieces, count = _pieces(text)
        for piece in pieces:
            if self.cancelled:
                break
            said += piece
            yield deltas.frame(piece)
        self._output_tokens["text"] = self.counted[said] = (
            count if said == text else count_tokens(said)
        )
        yield {
            "type": "response.output_text.done",
            "event_id": self.event_id(),
            **where,
            "text": said,
        }
        return said

    def _speak(self, text: str, where: Mapping[str, Any]) -> Generator[Event, None, str]:
        fmt = self.config["audio"]["output"]["format"]
        rate = audio.format_rate(fmt)
        words = text.split()
        pcm = audio.encode(audio.speech(words, rate), fmt)
        step = max(1, len(pcm) * _DELTA_MS // max(1, audio.duration_ms(len(pcm), fmt)))
        said: list[str] = []
        sent = 0
        transcript_deltas = DeltaFrames(
            "response.output_audio_transcript.delta", where, self.event_id, text
        )
        for index, word in enumerate(words):
            if self.cancelled:
                break
            said.append(word)
            yield transcript_deltas.frame(word if index == 0 else " " + word)
            end = len(pcm) * (index + 1) // len(words)
            while sent < end:
                chunk = pcm[sent : min(end, sent + step)]
                sent += len(chunk)
                yield self.emit(
                    "response.output_audio.delta", **where, delta=base64.b64encode(chunk).decode()
                )
        transcript = " ".join(said)
        self.audio_ms[str(where["item_id"])] = audio.duration_ms(sent, fmt)
        self._output_tokens["audio"] = -(-self.audio_ms[str(where["item_id"])] // 50)
        self._output_tokens["text"] = self.counted[transcript] = count_tokens(transcript)
        yield self.emit("response.output_audio.done", **where)
        yield self.emit("response.output_audio_transcript.done", **where, transcript=transcript)
        return transcript

    def _function_call(self, index: int, name: str, arguments: str) -> Iterator[Event]:
        item_id = self.new_id("item")
        call_id = self.new_id("call")
        item = {
            "id": item_id,
            "object": "realtime.item",
            "type": "function_call",
            "status": "in_progress",
            "name": name,
            "call_id": call_id,
            "arguments": "",
        }
        yield from self._open_item(item)
        where = {
            "response_id": self.response_id,
            "item_id": item_id,
            "output_index": index,
            "call_id": call_id,
        }
        deltas = DeltaFrames(
            "response.function_call_arguments.delta", where, self.event_id, arguments
        )
        pieces, count = _pieces(arguments)
        for piece in pieces:
            yield deltas.frame(piece)
        item["arguments"] = arguments
        self._output_tokens["text"] += count
        yield self.emit(
            "response.function_call_arguments.done", **where, name=name, arguments=arguments
        )
        yield from self._close_item(item, index)
