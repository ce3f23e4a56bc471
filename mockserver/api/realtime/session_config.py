"""The Realtime session object: its defaults and ``session.update`` checked and merged.

Checks raise :class:`MockAPIError` with the service's sentences (``_params``);
the session turns them into an ``error`` event and stays open, as the real
service does. An update merges into the session: what it names changes, the
rest stays.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any, Final

from openai_kit.mockserver import _params as P

__all__ = ["FORMATS", "VOICES", "default_session", "merge_session", "response_config"]

VOICES: Final = (
    "alloy",
    "ash",
    "ballad",
    "coral",
    "echo",
    "sage",
    "shimmer",
    "verse",
    "marin",
    "cedar",
)
FORMATS: Final = ("audio/pcm", "audio/pcmu", "audio/pcma")
_SESSION_KEYS: Final = (
    "type", "model", "instructions", "output_modalities", "audio", "tools", "tool_choice",
    "max_output_tokens", "tracing", "truncation", "prompt", "include",
)  # fmt: skip
_VAD_KEYS: Final = (
    "type", "threshold", "prefix_padding_ms", "silence_duration_ms", "idle_timeout_ms",
    "create_response", "interrupt_response", "eagerness",
)  # fmt: skip


def server_vad() -> dict[str, Any]:
    return {
        "type": "server_vad",
        "threshold": 0.5,
        "prefix_padding_ms": 300,
        "silence_duration_ms": 200,
        "idle_timeout_ms": None,
        "create_response": True,
        "interrupt_response": True,
    }


def default_session(session_id: str, model: str, expires_at: int) -> dict[str, Any]:
    """A new session as ``session.created`` shows it."""
    pcm = {"type": "audio/pcm", "rate": 24000}
    return {
        "type": "realtime",
        "object": "realtime.session",
        "id": session_id,
        "model": model,
        "output_modalities": ["audio"],
        "instructions": "",
        "tools": [],
        "tool_choice": "auto",
        "max_output_tokens": "inf",
        "tracing": None,
        "truncation": "auto",
        "prompt": None,
        "expires_at": expires_at,
        "audio": {
            "input": {
                "format": dict(pcm),
                "transcription": None,
                "noise_reduction": None,
                "turn_detection": server_vad(),
            },
            "output": {"format": dict(pcm), "voice": "alloy", "speed": 1.0},
        },
        "include": None,
    }


def _check_format(param: str, value: Any) -> None:
    fmt = P.check_object(param, value)
    P.check_nested_keys(param, fmt, ("type", "rate"))
    P.check_enum(f"{param}.type", fmt.get("type"), FORMATS)
    if "rate" in fmt and fmt["type"] == "audio/pcm" and fmt["rate"] != 24000:
        P.invalid_request(
            f"Invalid '{param}.rate': only 24000 is supported.", f"{param}.rate", "invalid_value"
        )


def _check_turn_detection(param: str, value: Any) -> None:
    if value is None:
        return
    vad = P.check_object(param, value)
    P.check_nested_keys(param, vad, _VAD_KEYS)
    P.check_enum(f"{param}.type", vad.get("type"), ("server_vad", "semantic_vad"))
    P.check_members(param, vad, _VAD_CHECKS)


_VAD_CHECKS: Final[tuple[tuple[str, P.Check], ...]] = (
    ("threshold", P.number_check(0.0, 1.0)),
    ("prefix_padding_ms", P.integer_check(0)),
    ("silence_duration_ms", P.integer_check(0)),
    ("create_response", P.check_boolean),
    ("interrupt_response", P.check_boolean),
)


def _check_audio(audio: Mapping[str, Any]) -> None:
    P.check_nested_keys("session.audio", audio, ("input", "output"))
    if "input" in audio:
        given = P.check_object("session.audio.input", audio["input"])
        P.check_nested_keys(
            "session.audio.input",
            given,
            ("format", "transcription", "noise_reduction", "turn_detection"),
        )
        if "format" in given:
            _check_format("session.audio.input.format", given["format"])
        if given.get("transcription") is not None:
            transcription = P.check_object(
                "session.audio.input.transcription", given["transcription"]
            )
            P.check_nested_keys(
                "session.audio.input.transcription", transcription, ("model", "language", "prompt")
            )
        _check_turn_detection("session.audio.input.turn_detection", given.get("turn_detection"))
    if "output" in audio:
        given = P.check_object("session.audio.output", audio["output"])
        P.check_nested_keys("session.audio.output", given, ("format", "voice", "speed"))
        P.check_members("session.audio.output", given, _OUTPUT_CHECKS)


_OUTPUT_CHECKS: Final[tuple[tuple[str, P.Check], ...]] = (
    ("format", _check_format),
    ("voice", P.check_string),
    ("speed", P.number_check(0.25, 1.5)),
)


def check_tools(param: str, tools: Any) -> None:
    for where, tool in P.each_object(param, tools, "an array"):
        P.check_enum(f"{where}.type", tool.get("type"), ("function", "mcp"))
        if tool["type"] == "function":
            P.check_nested_keys(where, tool, ("type", "name", "description", "parameters"))
            P.member(where, tool, "name", P.check_string)
            if "parameters" in tool:
                P.check_object(f"{where}.parameters", tool["parameters"])


def check_tool_choice(param: str, value: Any) -> None:
    if isinstance(value, str):
        P.check_enum(param, value, ("none", "auto", "required"))
        return
    choice = P.check_object(param, value)
    P.check_enum(f"{param}.type", choice.get("type"), ("function", "mcp"))


def check_max_output_tokens(param: str, value: Any) -> None:
    if value != "inf":
        P.check_integer(param, value, 1, 4096)


def check_modalities(param: str, value: Any) -> None:
    if not isinstance(value, list):
        P.invalid_type(param, "an array", value)
    if value not in (["text"], ["audio"]):
        P.invalid_request(
            f"Invalid '{param}': supported combinations are: ['text'] and ['audio'].",
            param,
            "invalid_value",
        )


# The session's members, checked in the order the service reports problems.
_SESSION_CHECKS: Final[tuple[tuple[str, P.Check], ...]] = (
    ("model", P.check_string),
    ("instructions", P.check_string),
    ("output_modalities", check_modalities),
    ("audio", lambda name, value: _check_audio(P.check_object(name, value))),
    ("tools", check_tools),
    ("tool_choice", check_tool_choice),
    ("max_output_tokens", check_max_output_tokens),
)


def _check_session(session: Mapping[str, Any]) -> None:
    P.check_nested_keys("session", session, _SESSION_KEYS)
    P.member("session", session, "type", P.enum_check(("realtime", "transcription")))
    P.check_members("session", session, _SESSION_CHECKS)


def _merge(target: dict[str, Any], update: Mapping[str, Any]) -> None:
    for key, value in update.items():
        if isinstance(value, Mapping) and isinstance(target.get(key), dict):
            _merge(target[key], value)
        elif isinstance(value, Mapping):
            target[key] = copy.deepcopy(dict(value))
        else:
            target[key] = copy.deepcopy(value)


def merge_session(current: Mapping[str, Any], update: Any, *, voice_locked: bool) -> dict[str, Any]:
    """``current`` with ``update`` (a ``session.update``'s ``session``) applied; raises on bad input."""
    session = P.check_object("session", update)
    _check_session(session)
    if session["type"] != current["type"]:
        P.invalid_request(
            "Passing a transcription session update event to a realtime session is not allowed.",
            "session.type",
            "invalid_value",
        )
    voice = session.get("audio", {}).get("output", {}).get("voice")
    if voice is not None and voice_locked and voice != current["audio"]["output"]["voice"]:
        P.invalid_request(
            "Cannot update a conversation's voice if assistant audio is present.",
            "session.audio.output.voice",
            "cannot_update_voice",
        )
    merged = copy.deepcopy(dict(current))
    _merge(merged, {k: v for k, v in session.items() if k != "type"})
    turn = session.get("audio", {}).get("input", {}).get("turn_detection", "absent")
    if isinstance(turn, Mapping):  # a new turn detection takes the type's defaults first
        base = (
            server_vad()
            if turn["type"] == "server_vad"
            else {
                "type": "semantic_vad",
                "eagerness": "auto",
                "create_response": True,
                "interrupt_response": True,
            }
        )
        merged["audio"]["input"]["turn_detection"] = {**base, **turn}
    return merged


_RESPONSE_KEYS: Final = (
    "output_modalities", "instructions", "tools", "tool_choice", "max_output_tokens",
    "conversation", "metadata", "input", "audio", "prompt",
)  # fmt: skip
_RESPONSE_OVERRIDES: Final = (
    "output_modalities", "instructions", "tools", "tool_choice", "max_output_tokens", "metadata",
)  # fmt: skip
_RESPONSE_CHECKS: Final = (
    ("output_modalities", check_modalities),
    ("tools", check_tools),
    ("tool_choice", check_tool_choice),
    ("max_output_tokens", check_max_output_tokens),
)


def response_config(session: Mapping[str, Any], params: Mapping[str, Any]) -> dict[str, Any]:
    """The config of one response: the ``session``'s, with what ``response.create``'s
    ``params`` override (checked). Neither changes in place, so the result shares what
    is not overridden."""
    P.check_nested_keys("response", params, _RESPONSE_KEYS)
    for key, check in _RESPONSE_CHECKS:
        if key in params:
            check(f"response.{key}", params[key])
    config = dict(session)
    for key in _RESPONSE_OVERRIDES:
        if key in params:
            config[key] = params[key]
    output = P.check_object("response.audio", params.get("audio", {})).get("output", {})
    voice = {k: v for k, v in output.items() if k in ("format", "voice")}
    if voice:
        audio_config = config["audio"]
        config["audio"] = {**audio_config, "output": {**audio_config["output"], **voice}}
    return config
