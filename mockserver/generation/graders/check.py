"""Checks of grader definitions, with the real API's error shapes.

The same grader objects serve ``fine_tuning.alpha.graders.*``, a reinforcement
fine-tuning method and an eval's ``testing_criteria``; each caller says which
grader types it takes and where the grader sits in its body (``param``).
``python`` graders are checked for syntax (parsed, never run) and refused where
they would have to run: the mock does not execute code.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping, Sequence
from typing import Any, Final, NoReturn

from openai_kit.mockserver import _params as P
from openai_kit.mockserver._errors import MockAPIError
from openai_kit.mockserver.generation.graders.formula import FormulaError, parse
from openai_kit.mockserver.generation.graders.similarity import METRICS

__all__ = [
    "EVAL_GRADERS",
    "RUN_GRADERS",
    "check_grader",
    "multi_members",
    "refuse_python",
]

#: The graders ``fine_tuning.alpha.graders.*`` and reinforcement fine-tuning take.
RUN_GRADERS: Final = ("string_check", "text_similarity", "python", "score_model", "multi")
#: The graders an eval's ``testing_criteria`` take.
EVAL_GRADERS: Final = ("label_model", "string_check", "text_similarity", "python", "score_model")
_OPERATIONS: Final = ("eq", "ne", "like", "ilike")
_ROLES: Final = ("user", "assistant", "system", "developer")


def refuse_python(param: str) -> NoReturn:
    raise MockAPIError(
        400,
        "Python graders are not supported by the mock server: it does not run code. "
        "Use a string_check, text_similarity, score_model, label_model or multi grader.",
        param=param,
        code="unsupported_grader",
    )


def _require_string(grader: Mapping[str, Any], key: str, param: str) -> str:
    value = grader.get(key)
    if value is None:
        P.missing(f"{param}.{key}")
    P.check_string(f"{param}.{key}", value)
    return str(value)


def _require_enum(grader: Mapping[str, Any], key: str, param: str, allowed: Sequence[str]) -> None:
    if grader.get(key) is None:
        P.missing(f"{param}.{key}")
    P.check_enum(f"{param}.{key}", grader[key], allowed)


def _check_messages(grader: Mapping[str, Any], param: str) -> None:
    messages = grader.get("input")
    if messages is None:
        P.missing(f"{param}.input")
    if not isinstance(messages, list):
        P.invalid_type(f"{param}.input", "an array", messages)
    if not messages:
        P.empty_array(f"{param}.input")
    for i, message in enumerate(messages):
        where = f"{param}.input[{i}]"
        P.check_object(where, message)
        role = message.get("role")
        if role is None:
            P.missing(f"{where}.role")
        P.check_enum(f"{where}.role", role, _ROLES)
        if message.get("content") is None:
            P.missing(f"{where}.content")


def _check_labels(grader: Mapping[str, Any], param: str) -> None:
    lists: dict[str, list[str]] = {}
    for key in ("labels", "passing_labels"):
        value = grader.get(key)
        if value is None:
            P.missing(f"{param}.{key}")
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            P.invalid_type(f"{param}.{key}", "an array of strings", value)
        if not value:
            P.empty_array(f"{param}.{key}")
        lists[key] = value
    unknown = [label for label in lists["passing_labels"] if label not in lists["labels"]]
    if unknown:
        P.invalid_request(
            f"Invalid '{param}.passing_labels': '{unknown[0]}' is not one of the labels.",
            f"{param}.passing_labels",
            "invalid_value",
        )


def _check_range(grader: Mapping[str, Any], param: str) -> None:
    bounds = grader.get("range")
    if bounds is None:
        return
    valid = isinstance(bounds, list) and len(bounds) == 2
    if not valid or not all(
        isinstance(b, (int, float)) and not isinstance(b, bool) for b in bounds
    ):
        P.invalid_type(f"{param}.range", "an array of two numbers", bounds)
    if bounds[0] >= bounds[1]:
        P.invalid_request(
            f"Invalid '{param}.range': the lower bound must be below the upper bound.",
            f"{param}.range",
            "invalid_value",
        )


def _check_python(grader: Mapping[str, Any], param: str, *, run: bool) -> None:
    source = _require_string(grader, "source", param)
    try:
        ast.parse(source)
    except SyntaxError as exc:
        P.invalid_request(
            f"Invalid '{param}.source': the Python source does not parse "
            f"(line {exc.lineno}: {exc.msg}).",
            f"{param}.source",
            "invalid_value",
        )
    if run:
        refuse_python(f"{param}.type")


def multi_members(grader: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    """A multi grader's sub-graders by name: one grader object, or a map of name to grader."""
    members = grader.get("graders")
    if not isinstance(members, Mapping):
        return {}
    if isinstance(members.get("type"), str):
        return {str(members.get("name", "")): members}
    return {str(name): sub for name, sub in members.items() if isinstance(sub, Mapping)}


def _check_multi(grader: Mapping[str, Any], param: str, *, run: bool) -> None:
    members = grader.get("graders")
    if members is None:
        P.missing(f"{param}.graders")
    P.check_object(f"{param}.graders", members)
    named = multi_members(grader)
    if not named:
        P.empty_array(f"{param}.graders")
    single = isinstance(members.get("type"), str)
    for name, sub in named.items():
        where = f"{param}.graders" if single else f"{param}.graders.{name}"
        check_grader(sub, where, tuple(t for t in RUN_GRADERS if t != "multi"), run=run)
    formula = _require_string(grader, "calculate_output", param)
    try:
        parse(formula, named.keys())
    except FormulaError as exc:
        P.invalid_request(
            f"Invalid '{param}.calculate_output': {exc}",
            f"{param}.calculate_output",
            "invalid_value",
        )


def check_grader(
    grader: Any,
    param: str,
    allowed: Sequence[str],
    *,
    run: bool,
    threshold: bool = False,
) -> Mapping[str, Any]:
    """``grader`` checked as one of ``allowed`` types; ``run``: it will be run now or later
    (python refused); ``threshold``: an eval criterion (``pass_threshold`` checked)."""
    checked = _check_kind(P.check_object(param, grader), param, allowed)
    _check_fields(checked, param, run=run, threshold=threshold)
    return checked


def _check_kind(grader: Mapping[str, Any], param: str, allowed: Sequence[str]) -> Mapping[str, Any]:
    kind = grader.get("type")
    if kind is None:
        P.missing(f"{param}.type")
    P.check_enum(f"{param}.type", kind, allowed)
    _require_string(grader, "name", param)
    return grader


def _check_fields(grader: Mapping[str, Any], param: str, *, run: bool, threshold: bool) -> None:
    kind = grader["type"]
    if kind in ("string_check", "text_similarity"):
        _require_string(grader, "input", param)
        _require_string(grader, "reference", param)
    if kind == "string_check":
        _require_enum(grader, "operation", param, _OPERATIONS)
    elif kind == "text_similarity":
        _require_enum(grader, "evaluation_metric", param, METRICS)
        if threshold and grader.get("pass_threshold") is None:
            P.missing(f"{param}.pass_threshold")
    elif kind in ("score_model", "label_model"):
        _require_string(grader, "model", param)
        _check_messages(grader, param)
        if kind == "label_model":
            _check_labels(grader, param)
        else:
            _check_range(grader, param)
    elif kind == "python":
        _check_python(grader, param, run=run)
    elif kind == "multi":
        _check_multi(grader, param, run=run)
    if threshold and grader.get("pass_threshold") is not None:
        P.check_number(f"{param}.pass_threshold", grader["pass_threshold"])
