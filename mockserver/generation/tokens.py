"""A cheap tokenizer approximation: BPE-like pieces, about four characters a token.

``tokenize`` is lossless (the pieces join back into the text), so it also
drives streaming deltas and logprob entries; ``count_tokens`` and the prompt
counters give usage numbers close to the real ones for English text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

from openai_kit.mockserver.generation.rng import canonical_json

__all__ = [
    "count_chat_prompt_tokens",
    "count_tokens",
    "count_value_tokens",
    "tokenize",
    "truncate_tokens",
]

_PIECES: Final = re.compile(
    r"'(?:[sdmt]|ll|ve|re)\b"  # contractions
    r"| ?[A-Za-z]+"  # words with their leading space
    r"| ?[0-9]{1,3}"  # numbers, three digits a token
    r"| ?[^\sA-Za-z0-9]+"  # punctuation and everything else
    r"|\s+(?!\S)|\s+"  # whitespace runs
)
# The same split for ASCII text with the long-word rule built in, so that
# ``findall`` alone gives the tokens. A word of up to ten letters is one token
# (possessive match: no backtracking into a longer word); a longer one is cut
# into six letters (with its leading space), six more while at least eleven
# are left, then the rest in pieces of up to six.
_ASCII_TOKENS: Final = re.compile(
    r"(?: |(?<![A-Za-z]))[A-Za-z]{1,10}+(?![A-Za-z])"  # a whole word, its leading space
    r"|'(?:[sdmt]|ll|ve|re)\b"  # contractions
    r"| ?[A-Za-z]{6}(?=[A-Za-z]{5})"  # six letters of a long word with five or more after
    r"|[A-Za-z]{1,6}"  # the last letters of a long word
    r"| ?[0-9]{1,3}"  # numbers, three digits a token
    r"| ?[^\sA-Za-z0-9]+"  # punctuation and everything else
    r"|\s+(?!\S)|\s+"  # whitespace runs
)
_LONG_WORD: Final = 10
_WORD_CHUNK: Final = 6
_IMAGE_TOKENS_LOW: Final = 85
_IMAGE_TOKENS_HIGH: Final = 765
_AUDIO_TOKENS: Final = 50


def _split_piece(piece: str, out: list[str]) -> None:
    core = piece.lstrip(" ")
    if core.isascii():
        if len(core) <= _LONG_WORD or not core.isalpha():
            out.append(piece)
            return
        lead = len(piece) - len(core)
        first = lead + _WORD_CHUNK
        out.append(piece[:first])
        out.extend(
            piece[start : start + _WORD_CHUNK] for start in range(first, len(piece), _WORD_CHUNK)
        )
        return
    # Non-ASCII runs: roughly one token per character.
    if piece.startswith(" "):
        out.append(piece[:2])
        out.extend(piece[2:])
    else:
        out.extend(piece)


_ascii_tokens: Final = _ASCII_TOKENS.findall


def tokenize(text: str) -> list[str]:
    """Split ``text`` into token-like pieces; ``"".join(tokenize(t)) == t``."""
    if text.isascii():
        tokens: list[str] = _ascii_tokens(text)
        return tokens
    out: list[str] = []
    for piece in _PIECES.findall(text):
        if len(piece) <= _LONG_WORD and piece.isascii():
            out.append(piece)
        else:
            _split_piece(piece, out)
    return out


# Texts that come back on every request (roles), counted once.
_KNOWN_COUNTS: Final[dict[str, int]] = {}


def count_tokens(text: str) -> int:
    """How many tokens ``text`` costs."""
    if not text:
        return 0
    if text.isascii():
        return len(_ascii_tokens(text))
    return len(tokenize(text))


def _role_tokens(role: str) -> int:
    count = _KNOWN_COUNTS.get(role)
    if count is None:
        count = count_tokens(role)
        if len(_KNOWN_COUNTS) < 64:
            _KNOWN_COUNTS[role] = count
    return count


def truncate_tokens(text: str, limit: int) -> tuple[str, int, bool]:
    """``text`` cut to at most ``limit`` tokens: (text, token count, whether it was cut)."""
    pieces = tokenize(text)
    if len(pieces) <= limit:
        return text, len(pieces), False
    kept = max(limit, 0)
    return "".join(pieces[:kept]), kept, True


def count_value_tokens(value: Any) -> int:
    """Tokens for a JSON value given to the model (tool definitions, schemas)."""
    return count_tokens(canonical_json(value)) // 2 + 1


def _content_tokens(content: Any) -> int:
    if isinstance(content, str):
        return count_tokens(content)
    if not isinstance(content, list):
        return 0
    total = 0
    for part in content:
        if not isinstance(part, Mapping):
            continue
        kind = part.get("type")
        if kind in ("text", "refusal"):
            text = part.get(kind)
            total += count_tokens(text) if isinstance(text, str) else 0
        elif kind == "image_url":
            image = part.get("image_url")
            detail = image.get("detail") if isinstance(image, Mapping) else None
            total += _IMAGE_TOKENS_LOW if detail == "low" else _IMAGE_TOKENS_HIGH
        elif kind in ("input_audio", "file"):
            total += _AUDIO_TOKENS
    return total


def _message_tokens(message: Mapping[str, Any]) -> int:
    total = 3
    role = message.get("role")
    if isinstance(role, str):
        total += _role_tokens(role)
    total += _content_tokens(message.get("content"))
    name = message.get("name")
    if isinstance(name, str):
        total += count_tokens(name) + 1
    tool_calls = message.get("tool_calls")
    if isinstance(tool_calls, list):
        total += count_value_tokens(tool_calls)
    function_call = message.get("function_call")
    if isinstance(function_call, Mapping):
        total += count_value_tokens(function_call)
    return total


def count_chat_prompt_tokens(messages: Sequence[Any], extras: Iterable[Any] = ()) -> int:
    """Prompt tokens of a chat request: per-message overhead, contents, and ``extras``.

    ``extras`` are the other things the model is shown (tool definitions, a
    response schema); each is counted as compact JSON.
    """
    total = 3
    for message in messages:
        if isinstance(message, Mapping):
            total += _message_tokens(message)
    for extra in extras:
        if extra is not None:
            total += 8 + count_value_tokens(extra)
    return total
