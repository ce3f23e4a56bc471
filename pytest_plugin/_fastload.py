"""A fast reader for the YAML subset that openai-kit's cassette writer emits.

PyYAML builds a Python node for every scalar and resolves each plain one
through regular expressions, which makes a 3,000-interaction cassette (8 MB)
take seconds to load. The writer only ever emits block mappings and
sequences, plain and quoted one-line scalars, literal blocks (``|``), and
``!!binary`` blocks, in a fixed indentation. This reader understands exactly
that, line by line, and gives up (:class:`NotFast`) on anything else (a
comment, an anchor, a flow collection, a multi-line quoted scalar, a scalar
whose plain form YAML would read as a date...), in which case the caller
uses the full YAML loader. Where it does not give up, it returns exactly the
data the YAML loader would (a test checks this on every kind of body).
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any, Final

import yaml

__all__ = ["NotFast", "parse"]


class NotFast(Exception):
    """The text uses YAML this reader does not handle; use the full loader."""


_KEY: Final = re.compile(r"([A-Za-z0-9_][A-Za-z0-9_.\-/]*|'(?:[^']|'')*'):(?: (.*))?$")
_SINGLE: Final = re.compile(r"'((?:[^']|'')*)'$")
_DOUBLE: Final = re.compile(r'"(?:[^"\\]|\\.)*"$')
_LITERAL: Final = re.compile(r"\|([1-9])?([-+])?$")
_DECIMAL: Final = re.compile(r"[-+]?(?:0|[1-9][0-9]*)$")
_BREAKS: Final = ("\r", "\x85", "\u2028", "\u2029", "\t", "\ufeff")
# What YAML refuses to read in a stream (it only allows printable characters).
_UNPRINTABLE: Final = re.compile("[^\n\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_PLAIN_START: Final = frozenset(",[]{}#&*!|>'\"%@`")
_RESOLVERS: Final = yaml.resolver.Resolver.yaml_implicit_resolvers
_BOOLEANS: Final = {
    "yes": True,
    "true": True,
    "on": True,
    "no": False,
    "false": False,
    "off": False,
}


def _plain(value: str) -> Any:
    """A plain scalar as YAML 1.1 reads it; NotFast for anything but str, decimal int, bool, null."""
    if not value:
        return None
    if value[0] in _PLAIN_START or value[-1] == ":" or ": " in value or " #" in value:
        raise NotFast(value)
    if value[0] in "-?:" and (len(value) == 1 or value[1] == " "):
        raise NotFast(value)
    if value != value.strip():
        raise NotFast(value)
    for tag, pattern in _RESOLVERS.get(value[0], ()):
        if not pattern.match(value):
            continue
        if tag == "tag:yaml.org,2002:null":
            return None
        if tag == "tag:yaml.org,2002:bool":
            return _BOOLEANS[value.lower()]
        if tag == "tag:yaml.org,2002:int" and _DECIMAL.match(value):
            return int(value)
        raise NotFast(value)  # floats, octal/hex/sexagesimal ints, dates, merge keys
    return value


def _quoted(value: str) -> str:
    single = _SINGLE.match(value)
    if single:
        return single.group(1).replace("''", "'")
    if _DOUBLE.match(value):
        decoded = yaml.load(value, Loader=yaml.CSafeLoader)  # escapes: let YAML decode them
        if isinstance(decoded, str):
            return decoded
    raise NotFast(value)


class _Reader:
    def __init__(self, text: str) -> None:
        if any(mark in text for mark in _BREAKS) or _UNPRINTABLE.search(text):
            raise NotFast("line breaks, tabs, a BOM or characters this reader does not handle")
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        if lines and lines[-1] == "...":  # the document end PyYAML writes after a kept block
            lines.pop()
        self.lines = lines
        # Each line's indentation; a line of spaces only counts as fully indented.
        self.indents = [len(line) - len(line.lstrip(" ")) for line in lines]
        self.at = 0

    def _indent(self, number: int) -> int:
        return self.indents[number]

    def _skip_blank(self) -> None:
        lines, indents, at = self.lines, self.indents, self.at
        while at < len(lines) and indents[at] == len(lines[at]):
            if lines[at]:
                raise NotFast("whitespace-only line")
            at += 1
        self.at = at

    # -- blocks -----------------------------------------------------------------------------

    def node(self, parent: int) -> Any:
        """The block node after a ``key:`` at indent ``parent`` (None when there is none)."""
        self._skip_blank()
        if self.at >= len(self.lines):
            return None
        indent = self._indent(self.at)
        rest = self.lines[self.at][indent:]
        if indent == parent and rest.startswith("- "):
            return self.sequence(indent)  # PyYAML's indentless sequence under a key
        if indent <= parent:
            return None
        if rest.startswith("- ") or rest == "-":
            return self.sequence(indent)
        return self.mapping(indent)

    def mapping(self, indent: int, first: str | None = None) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        while True:
            if first is not None:
                line, first = first, None
            else:
                self._skip_blank()
                if self.at >= len(self.lines) or self._indent(self.at) != indent:
                    break
                line = self.lines[self.at][indent:]
                if line.startswith("- "):
                    break
                self.at += 1
            match = _KEY.match(line)
            if not match:
                raise NotFast(line)
            raw_key, value = match.group(1), match.group(2)
            key = _quoted(raw_key) if raw_key.startswith("'") else _plain(raw_key)
            if key in result or not isinstance(key, str):
                raise NotFast(raw_key)
            result[key] = self.value(value, indent)
        return result

    def sequence(self, indent: int) -> list[Any]:
        result: list[Any] = []
        while True:
            self._skip_blank()
            if self.at >= len(self.lines) or self._indent(self.at) != indent:
                break
            line = self.lines[self.at][indent:]
            if not line.startswith("- "):
                break
            self.at += 1
            item = line[2:]
            if _KEY.match(item) and not item.startswith("'"):
                result.append(self.mapping(indent + 2, first=item))
            elif item.startswith(("|", "!!")):
                raise NotFast("block scalar in a sequence")
            else:
                result.append(self.value(item, indent))
        return result

    # -- scalars ----------------------------------------------------------------------------

    def value(self, text: str | None, indent: int) -> Any:
        if text is None or text == "":
            return self.node(indent)
        if text == "{}":
            return {}
        if text == "[]":
            return []
        if text.startswith("|"):
            return self.literal(text, indent)
        if text.startswith("!!binary |"):
            block = self.literal(text.removeprefix("!!binary "), indent)
            try:
                return base64.b64decode("".join(block.split()), validate=True)
            except binascii.Error as exc:
                raise NotFast("bad base64") from exc
        if text[0] in "'\"":
            return _quoted(text)
        return _plain(text)

    def literal(self, header: str, indent: int) -> str:
        match = _LITERAL.match(header)
        if not match:
            raise NotFast(header)
        explicit, chomping = match.group(1), match.group(2)
        start = self.at
        end = start
        content_indent = indent + int(explicit) if explicit else None
        lines, indents = self.lines, self.indents
        while end < len(lines):
            here = indents[end]
            if lines[end]:
                if here == len(lines[end]):
                    raise NotFast("whitespace-only line in a block")
                if content_indent is None:
                    if here <= indent:
                        break
                    content_indent = here
                elif here < content_indent:
                    break
            end += 1
        self.at = end
        block = self.lines[start:end]
        while block and not block[-1]:
            block.pop()
        if content_indent is None or not block:
            raise NotFast("empty block scalar")
        trailing = end - start - len(block)
        text = "\n".join(line[content_indent:] for line in block)
        if chomping == "-":
            return text
        if chomping == "+":
            if end == len(self.lines) and trailing == 0:
                raise NotFast("kept block at the end of the text")
            return text + "\n" * (trailing + 1)
        return text + "\n"


def parse(text: str) -> Any:
    """The data of ``text``, as PyYAML's safe loader would give it; NotFast if unsure."""
    reader = _Reader(text)
    reader._skip_blank()
    if reader.at >= len(reader.lines) or reader._indent(reader.at) != 0:
        raise NotFast("not a top-level mapping")
    data = reader.mapping(0)
    reader._skip_blank()
    if reader.at != len(reader.lines):
        raise NotFast(f"unread line {reader.at + 1}")
    return data
