"""Handlers of ``fine_tuning.alpha.graders.run`` and ``.validate`` (the shared grader engine)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from openai_kit.mockserver import _params as P
from openai_kit.mockserver._call import Call, JSONReply, Reply
from openai_kit.mockserver.generation.graders import (
    RUN_GRADERS,
    Grade,
    check_grader,
    embedder,
    grade,
    sample_namespace,
)

if TYPE_CHECKING:
    from openai_kit.mockserver._core import ServerCore

__all__ = ["graders_run", "graders_validate"]

_ERROR_FLAGS: Final = (
    "formula_parse_error",
    "sample_parse_error",
    "truncated_observation_error",
    "unresponsive_reward_error",
    "invalid_variable_error",
    "other_error",
    "python_grader_server_error",
    "python_grader_runtime_error",
    "model_grader_server_error",
    "model_grader_refusal_error",
    "model_grader_parse_error",
)


def _errors(flag: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {name: name == flag for name in _ERROR_FLAGS}
    out["python_grader_server_error_type"] = None
    out["python_grader_runtime_error_details"] = None
    out["model_grader_server_error_details"] = None
    return out


def _run_response(result: Grade, elapsed: float) -> dict[str, Any]:
    tokens = sum(u.prompt_tokens + u.completion_tokens for u in result.usage.values())
    scores = result.sub_scores or {result.name: result.score}
    return {
        "reward": result.score,
        "metadata": {
            "name": result.name,
            "type": result.type,
            "errors": _errors(result.error),
            "execution_time": elapsed,
            "scores": scores,
            "token_usage": tokens if result.usage else None,
            "sampled_model_name": next(iter(result.usage), None),
        },
        "sub_rewards": dict(result.sub_scores),
        "model_grader_token_usage_per_model": {m: u.to_json() for m, u in result.usage.items()},
    }


def graders_run(core: ServerCore, call: Call) -> Reply:
    body = P.check_object("body", call.json)
    P.check_unknown_parameters(body, ("grader", "item", "model_sample"))
    grader = check_grader(P.require(body, "grader"), "grader", RUN_GRADERS, run=True)
    sample = P.require(body, "model_sample")
    P.check_string("model_sample", sample)
    item = P.check_object("item", body.get("item") or {})
    namespaces = {"item": item, "sample": sample_namespace(sample)}
    result = grade(grader, namespaces, seed=core.seed, embed=embedder(core.seed))
    return JSONReply(_run_response(result, 0.05))


def graders_validate(core: ServerCore, call: Call) -> Reply:
    body = P.check_object("body", call.json)
    P.check_unknown_parameters(body, ("grader",))
    grader = check_grader(P.require(body, "grader"), "grader", RUN_GRADERS, run=False)
    return JSONReply({"grader": dict(grader)})
