"""Strings that match a regular expression, for JSON-schema ``pattern``.

A small parser for the regex subset structured outputs use: literals and
escapes, ``.``, character classes (ranges, negation, ``\\d\\w\\s``), groups
(capturing, ``(?:``, named), alternation, the quantifiers ``? * + {n} {n,}
{n,m}`` (lazy and possessive suffixes ignored) and the anchors ``^ $ \\b``.
Backreferences and lookarounds are not supported: :func:`string_from_pattern`
raises :class:`PatternError` for them and callers fall back to plain text.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass
from typing import Final

__all__ = ["PatternError", "string_from_pattern"]

_PRINTABLE: Final = "".join(chr(c) for c in range(32, 127))
_DIGITS: Final = frozenset(string.digits)
_WORD: Final = frozenset(string.ascii_letters + string.digits + "_")
_SPACE: Final = frozenset(" \t\n")
_OPEN_REPEAT: Final = 3  # extra repetitions allowed past the minimum of an open quantifier


class PatternError(ValueError):
    """The pattern uses a feature the generator does not support, or is malformed."""


@dataclass(frozen=True, slots=True)
class _Chars:
    chars: str  # the characters to pick from


@dataclass(frozen=True, slots=True)
class _Seq:
    items: tuple[_Node, ...]


@dataclass(frozen=True, slots=True)
class _Alt:
    options: tuple[_Node, ...]


@dataclass(frozen=True, slots=True)
class _Repeat:
    node: _Node
    low: int
    high: int | None


_Node = _Chars | _Seq | _Alt | _Repeat
_EMPTY: Final = _Seq(())


def _complement(excluded: frozenset[str]) -> str:
    kept = "".join(c for c in _PRINTABLE if c not in excluded)
    if not kept:
        raise PatternError("character class excludes every printable character")
    return kept


def _class_escape(letter: str) -> frozenset[str] | None:
    if letter == "d":
        return _DIGITS
    if letter == "w":
        return _WORD
    if letter == "s":
        return _SPACE
    return None


_SIMPLE_ESCAPES: Final = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "v": "\v", "0": "\0"}


class _Parser:
    def __init__(self, pattern: str) -> None:
        self.text = pattern
        self.pos = 0

    def peek(self) -> str | None:
        return self.text[self.pos] if self.pos < len(self.text) else None

    def take(self) -> str:
        if self.pos >= len(self.text):
            raise PatternError("unexpected end of pattern")
        char = self.text[self.pos]
        self.pos += 1
        return char

    def parse(self) -> _Node:
        node = self.alternation()
        if self.pos != len(self.text):
            raise PatternError(f"unbalanced ')' at {self.pos}")
        return node

    def alternation(self) -> _Node:
        options = [self.sequence()]
        while self.peek() == "|":
            self.pos += 1
            options.append(self.sequence())
        return options[0] if len(options) == 1 else _Alt(tuple(options))

    def sequence(self) -> _Node:
        items: list[_Node] = []
        while (char := self.peek()) is not None and char not in "|)":
            atom = self.atom()
            if atom is None:
                continue
            items.append(self.quantified(atom))
        return items[0] if len(items) == 1 else _Seq(tuple(items))

    def quantified(self, atom: _Node) -> _Node:
        while (char := self.peek()) is not None and char in "?*+{":
            if char == "{":
                bounds = self.braces()
                if bounds is None:
                    break
                low, high = bounds
            else:
                self.pos += 1
                low, high = {"?": (0, 1), "*": (0, None), "+": (1, None)}[char]
            if self.peek() in ("?", "+"):
                self.pos += 1  # lazy / possessive: same strings
            atom = _Repeat(atom, low, high)
        return atom

    def braces(self) -> tuple[int, int | None] | None:
        end = self.text.find("}", self.pos)
        if end < 0:
            return None
        inner = self.text[self.pos + 1 : end]
        low_text, comma, high_text = inner.partition(",")
        if not low_text.isdigit() or (high_text and not high_text.isdigit()):
            return None  # a literal '{'
        self.pos = end + 1
        low = int(low_text)
        high = low if not comma else (int(high_text) if high_text else None)
        if high is not None and high < low:
            raise PatternError("quantifier bounds out of order")
        return low, high

    def atom(self) -> _Node | None:
        char = self.take()
        if char == "(":
            return self.group()
        if char == "[":
            return self.char_class()
        if char == ".":
            return _Chars(_complement(frozenset("\n")))
        if char in "^$":
            return None
        if char == "\\":
            return self.escape()
        if char in "*+?":
            raise PatternError(f"nothing to repeat at {self.pos - 1}")
        return _Chars(char)

    def group(self) -> _Node:
        if self.peek() == "?":
            self.pos += 1
            kind = self.take()
            if kind == ":":
                pass
            elif (kind == "P" and self.peek() == "<") or (
                kind == "<" and self.peek() not in ("=", "!")
            ):
                if kind == "P":
                    self.pos += 1
                end = self.text.find(">", self.pos)
                if end < 0:
                    raise PatternError("unterminated group name")
                self.pos = end + 1
            else:
                raise PatternError("lookarounds and inline flags are not supported")
        node = self.alternation()
        if self.peek() != ")":
            raise PatternError("missing ')'")
        self.pos += 1
        return node

    def escape(self) -> _Node | None:
        letter = self.take()
        klass = _class_escape(letter.lower())
        if klass is not None:
            return _Chars("".join(sorted(klass)) if letter.islower() else _complement(klass))
        if letter in "bBAzZ":
            return None
        if letter.isdigit() and letter != "0":
            raise PatternError("backreferences are not supported")
        return _Chars(self.escaped_char(letter))

    def escaped_char(self, letter: str) -> str:
        if letter in _SIMPLE_ESCAPES:
            return _SIMPLE_ESCAPES[letter]
        if letter in "xu":
            width = 2 if letter == "x" else 4
            digits = self.text[self.pos : self.pos + width]
            if len(digits) != width or not all(c in string.hexdigits for c in digits):
                raise PatternError(f"bad \\{letter} escape")
            self.pos += width
            return chr(int(digits, 16))
        return letter

    def class_char(self) -> str | frozenset[str]:
        char = self.take()
        if char != "\\":
            return char
        letter = self.take()
        klass = _class_escape(letter.lower())
        if klass is not None:
            return klass if letter.islower() else frozenset(_complement(klass))
        return self.escaped_char(letter)

    def char_class(self) -> _Node:
        negate = self.peek() == "^"
        if negate:
            self.pos += 1
        members: set[str] = set()
        first = True
        while True:
            if self.peek() == "]" and not first:
                self.pos += 1
                break
            first = False
            item = self.class_char()
            if isinstance(item, frozenset):
                members |= item
                continue
            if (
                self.peek() == "-"
                and self.pos + 1 < len(self.text)
                and self.text[self.pos + 1] != "]"
            ):
                self.pos += 1
                upper = self.class_char()
                if isinstance(upper, frozenset) or ord(upper) < ord(item):
                    raise PatternError("bad character range")
                members.update(chr(c) for c in range(ord(item), ord(upper) + 1))
            else:
                members.add(item)
        if negate:
            return _Chars(_complement(frozenset(members)))
        if not members:
            raise PatternError("empty character class")
        return _Chars("".join(sorted(members)))


def _emit(node: _Node, rng: random.Random, out: list[str]) -> None:
    if isinstance(node, _Chars):
        out.append(rng.choice(node.chars))
    elif isinstance(node, _Seq):
        for item in node.items:
            _emit(item, rng, out)
    elif isinstance(node, _Alt):
        _emit(rng.choice(node.options), rng, out)
    else:
        high = node.high if node.high is not None else node.low + _OPEN_REPEAT
        for _ in range(rng.randint(node.low, high)):
            _emit(node.node, rng, out)


_CACHE: dict[str, _Node] = {}
_CACHE_LIMIT: Final = 512


def string_from_pattern(pattern: str, rng: random.Random) -> str:
    """A string matching ``pattern`` (searched, as JSON Schema does, anchors honoured)."""
    node = _CACHE.get(pattern)
    if node is None:
        node = _Parser(pattern).parse()
        if len(_CACHE) >= _CACHE_LIMIT:
            _CACHE.clear()
        _CACHE[pattern] = node
    out: list[str] = []
    _emit(node, rng, out)
    return "".join(out)
