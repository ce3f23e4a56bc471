"""A custom tool offered to the model, as sent in a request."""

from __future__ import annotations

from typing import Literal, Required, TypeAlias

from typing_extensions import TypedDict

__all__ = [
    "ChatCompletionCustomToolParam",
    "Custom",
    "CustomFormat",
    "CustomFormatGrammar",
    "CustomFormatGrammarGrammar",
    "CustomFormatText",
]


class CustomFormatText(TypedDict, total=False):
    """Free-form text input, unconstrained."""

    type: Required[Literal["text"]]


class CustomFormatGrammarGrammar(TypedDict, total=False):
    """A grammar, written in Lark or as a regular expression."""

    definition: Required[str]
    syntax: Required[Literal["lark", "regex"]]


class CustomFormatGrammar(TypedDict, total=False):
    """Input constrained by a grammar."""

    grammar: Required[CustomFormatGrammarGrammar]
    type: Required[Literal["grammar"]]


CustomFormat: TypeAlias = CustomFormatText | CustomFormatGrammar


class Custom(TypedDict, total=False):
    """The custom tool: its name, purpose and input format."""

    name: Required[str]
    description: str
    format: CustomFormat


class ChatCompletionCustomToolParam(TypedDict, total=False):
    """A tool that takes free-form (or grammar-constrained) text input."""

    custom: Required[Custom]
    type: Required[Literal["custom"]]
