"""The ``multi`` grader's ``calculate_output``: a small arithmetic language, parsed, never eval'd.

Numbers, sub-grader names, ``+ - * /``, ``^`` or ``**`` (power), parentheses,
unary minus and the functions ``min``, ``max``, ``abs``, ``floor``, ``ceil``,
``exp``, ``sqrt`` and ``log``. :func:`parse` checks a formula against the
names it may use; :func:`evaluate` computes it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Final

__all__ = ["FormulaError", "evaluate", "parse"]

_TOKEN: Final = re.compile(
    r"\s*(?:(\d+(?:\.\d*)?|\.\d+)|([A-Za-z_][A-Za-z0-9_]*)|(\*\*|[-+*/^(),]))"
)
_FUNCTIONS: Final[Mapping[str, Callable[..., float]]] = {
    "min": min,
    "max": max,
    "abs": abs,
    "floor": math.floor,
    "ceil": math.ceil,
    "exp": math.exp,
    "sqrt": math.sqrt,
    "log": math.log,
}
_VARIADIC: Final = frozenset({"min", "max"})


class FormulaError(ValueError):
    """A formula that does not parse, names an unknown grader, or cannot be computed."""


@dataclass(frozen=True)
class _Token:
    kind: str  # "num", "name", "op", "end"
    text: str


def _tokens(formula: str) -> list[_Token]:
    out: list[_Token] = []
    position = 0
    while position < len(formula):
        if formula[position:].strip() == "":
            break
        match = _TOKEN.match(formula, position)
        if match is None:
            raise FormulaError(
                f"Unexpected character at position {position}: {formula[position:]!r}"
            )
        number, name, op = match.groups()
        if number is not None:
            out.append(_Token("num", number))
        elif name is not None:
            out.append(_Token("name", name))
        else:
            out.append(_Token("op", "^" if op == "**" else op))
        position = match.end()
    out.append(_Token("end", ""))
    return out


# A parsed formula: a function of the scores.
_Node = Callable[[Mapping[str, float]], float]


class _Parser:
    def __init__(self, formula: str, names: Collection[str]) -> None:
        self.tokens = _tokens(formula)
        self.at = 0
        self.names = names

    def peek(self) -> _Token:
        return self.tokens[self.at]

    def take(self, text: str | None = None) -> _Token:
        token = self.tokens[self.at]
        if text is not None and token.text != text:
            found = token.text or "end of formula"
            raise FormulaError(f"Expected '{text}' but found '{found}'.")
        self.at += 1
        return token

    def whole(self) -> _Node:
        node = self.expression()
        if self.peek().kind != "end":
            raise FormulaError(f"Unexpected '{self.peek().text}' in formula.")
        return node

    def _chain(self, operators: tuple[str, ...], operand: Callable[[], _Node]) -> _Node:
        """``operand (op operand)*`` for ``operators`` of one precedence, left to right."""
        node = operand()
        while self.peek().text in operators:
            op = self.take().text
            node = _binary(op, node, operand())
        return node

    def expression(self) -> _Node:
        return self._chain(("+", "-"), self.term)

    def term(self) -> _Node:
        return self._chain(("*", "/"), self.unary)

    def unary(self) -> _Node:
        if self.peek().text in ("-", "+"):
            negate = self.take().text == "-"
            inner = self.unary()
            return (lambda s: -inner(s)) if negate else inner
        return self.power()

    def power(self) -> _Node:
        base = self.atom()
        if self.peek().text == "^":
            self.take()
            return _binary("^", base, self.unary())
        return base

    def atom(self) -> _Node:
        token = self.take()
        if token.kind == "num":
            value = float(token.text)
            return lambda _s: value
        if token.text == "(":
            node = self.expression()
            self.take(")")
            return node
        if token.kind == "name" and self.peek().text == "(":
            return self.call(token.text)
        if token.kind == "name":
            if token.text not in self.names:
                raise FormulaError(f"Unknown grader '{token.text}' in formula.")
            name = token.text
            return lambda s: s[name]
        raise FormulaError(f"Unexpected '{token.text or 'end of formula'}' in formula.")

    def call(self, name: str) -> _Node:
        function = _FUNCTIONS.get(name)
        if function is None:
            raise FormulaError(f"Unknown function '{name}' in formula.")
        self.take("(")
        args = [self.expression()]
        while self.peek().text == ",":
            self.take()
            args.append(self.expression())
        self.take(")")
        if name not in _VARIADIC and len(args) != 1:
            raise FormulaError(f"Function '{name}' takes one argument, got {len(args)}.")
        return lambda s: float(function(*(arg(s) for arg in args)))


def _binary(op: str, left: _Node, right: _Node) -> _Node:
    def apply(scores: Mapping[str, float]) -> float:
        a, b = left(scores), right(scores)
        if op == "+":
            return a + b
        if op == "-":
            return a - b
        if op == "*":
            return a * b
        if op == "/":
            if b == 0:
                raise FormulaError("Division by zero in formula.")
            return a / b
        return float(a**b)

    return apply


def parse(formula: str, names: Collection[str]) -> _Node:
    """The parsed ``formula`` over the grader ``names``, or :class:`FormulaError`."""
    return _Parser(formula, names).whole()


def evaluate(formula: str, scores: Mapping[str, float]) -> float:
    """``formula`` computed with each grader name standing for its score."""
    node = parse(formula, scores.keys())
    try:
        value = node(scores)
    except (ValueError, OverflowError, ZeroDivisionError) as exc:
        if isinstance(exc, FormulaError):
            raise
        raise FormulaError(f"Formula cannot be computed: {exc}.") from None
    if isinstance(value, complex) or not math.isfinite(value):
        raise FormulaError("Formula does not give a finite number.")
    return float(value)
