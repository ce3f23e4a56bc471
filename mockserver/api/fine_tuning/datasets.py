"""Fine-tuning data files checked for the job's method, as the service checks them.

A file is JSONL, one example a line. ``supervised`` takes chat examples
(``{"messages": [...]}`` ending in an assistant message; prompt/completion
pairs for the completion base models), ``dpo`` preference pairs
(``{"input": {"messages": [...]}, "preferred_output": [...],
"non_preferred_output": [...]}``) and ``reinforcement`` prompts
(``{"messages": [...]}`` ending in a user or developer message, plus whatever
fields the grader reads). A file that fails fails the job with
``invalid_training_file`` (or ``invalid_validation_file``); lines count from 1.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from openai_kit.mockserver.generation.tokens import count_tokens

__all__ = ["MIN_TRAINING_EXAMPLES", "DatasetError", "DatasetStats", "check_dataset"]

MIN_TRAINING_EXAMPLES: Final = 10
_ROLES: Final = ("system", "developer", "user", "assistant", "tool")


class DatasetError(ValueError):
    """Why a data file cannot be trained on."""


@dataclass(frozen=True)
class DatasetStats:
    examples: int
    tokens: int


def _message_text(message: Mapping[str, Any]) -> str:
    content = message.get("content")
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(str(p.get("text", "")) for p in content if isinstance(p, Mapping))
    calls = message.get("tool_calls") or message.get("function_call")
    return json.dumps(calls) if calls else ""


def _messages(value: Any, where: str) -> list[Mapping[str, Any]]:
    if not isinstance(value, list) or not value:
        raise DatasetError(f"{where}: 'messages' must be a non-empty array.")
    for i, message in enumerate(value, start=1):
        if not isinstance(message, Mapping):
            raise DatasetError(f"{where}, message {i}: a message must be an object.")
        if message.get("role") not in _ROLES:
            raise DatasetError(
                f"{where}, message {i}: 'role' must be one of "
                + ", ".join(f"'{r}'" for r in _ROLES)
                + "."
            )
        if not _message_text(message) and message.get("role") != "assistant":
            raise DatasetError(f"{where}, message {i}: 'content' must be provided.")
    return value


def _tokens(messages: list[Mapping[str, Any]]) -> int:
    return sum(4 + count_tokens(_message_text(m)) for m in messages)


def _supervised(example: Mapping[str, Any], where: str, chat: bool) -> int:
    if not chat:
        prompt, completion = example.get("prompt"), example.get("completion")
        if not isinstance(prompt, str) or not isinstance(completion, str):
            raise DatasetError(f"{where}: 'prompt' and 'completion' must be strings.")
        return count_tokens(prompt) + count_tokens(completion)
    messages = _messages(example.get("messages"), where)
    if not any(m.get("role") == "assistant" for m in messages):
        raise DatasetError(f"{where}: the example has no assistant message to train on.")
    return _tokens(messages)


def _dpo(example: Mapping[str, Any], where: str) -> int:
    source = example.get("input")
    if not isinstance(source, Mapping):
        raise DatasetError(f"{where}: 'input' must be an object with 'messages'.")
    total = _tokens(_messages(source.get("messages"), where))
    for key in ("preferred_output", "non_preferred_output"):
        output = _messages(example.get(key), f"{where}, '{key}'")
        if output[-1].get("role") != "assistant":
            raise DatasetError(f"{where}: '{key}' must end with an assistant message.")
        total += _tokens(output)
    return total


def _reinforcement(example: Mapping[str, Any], where: str) -> int:
    messages = _messages(example.get("messages"), where)
    if messages[-1].get("role") not in ("user", "developer"):
        raise DatasetError(f"{where}: the last message must be a user or developer message.")
    return _tokens(messages)


def _example_tokens(example: Any, where: str, method: str, chat: bool) -> int:
    if not isinstance(example, Mapping):
        raise DatasetError(f"{where}: each line must be a JSON object.")
    if method == "dpo":
        return _dpo(example, where)
    if method == "reinforcement":
        return _reinforcement(example, where)
    return _supervised(example, where, chat)


def check_dataset(data: bytes, method: str, *, chat: bool, training: bool) -> DatasetStats:
    """The file's example and token counts, or :class:`DatasetError` saying what is wrong."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise DatasetError("Invalid file format. The file must be UTF-8 encoded JSONL.") from None
    examples = tokens = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            example = json.loads(line)
        except ValueError:
            raise DatasetError(f"Invalid file format. Line {number} is not valid JSON.") from None
        tokens += _example_tokens(example, f"Invalid file format. Line {number}", method, chat)
        examples += 1
    if training and examples < MIN_TRAINING_EXAMPLES:
        raise DatasetError(
            f"Training file has {examples} example(s), but must have at least "
            f"{MIN_TRAINING_EXAMPLES} examples."
        )
    return DatasetStats(examples, tokens)
