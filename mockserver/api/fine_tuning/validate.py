"""Checks of ``fine_tuning.jobs.create`` bodies (what the service refuses with a 400 at once).

Data files are checked later, while the job is ``validating_files``
(:mod:`.datasets`); the body, the base model, the method, its hyperparameters
and its grader are checked here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from openai_kit.mockserver import _params as P
from openai_kit.mockserver._errors import MockAPIError
from openai_kit.mockserver.generation.graders import RUN_GRADERS, check_grader

__all__ = ["FINE_TUNABLE", "JobRequest", "check_job_request", "model_not_available"]

#: Base snapshots each method fine-tunes (aliases resolve to these).
FINE_TUNABLE: Final[Mapping[str, tuple[str, ...]]] = {
    "gpt-4o-mini-2024-07-18": ("supervised", "dpo"),
    "gpt-4o-2024-08-06": ("supervised", "dpo"),
    "gpt-4.1-2025-04-14": ("supervised", "dpo"),
    "gpt-4.1-mini-2025-04-14": ("supervised", "dpo"),
    "gpt-4.1-nano-2025-04-14": ("supervised", "dpo"),
    "gpt-3.5-turbo-0125": ("supervised",),
    "gpt-3.5-turbo-1106": ("supervised",),
    "davinci-002": ("supervised",),
    "babbage-002": ("supervised",),
    "o4-mini-2025-04-16": ("reinforcement",),
}
_KNOWN: Final = (
    "model",
    "training_file",
    "hyperparameters",
    "suffix",
    "validation_file",
    "integrations",
    "seed",
    "method",
    "metadata",
)
_METHODS: Final = ("supervised", "dpo", "reinforcement")
_COMMON: Final = ("batch_size", "learning_rate_multiplier", "n_epochs")
_HYPER: Final[Mapping[str, tuple[str, ...]]] = {
    "supervised": _COMMON,
    "dpo": (*_COMMON, "beta"),
    "reinforcement": (
        *_COMMON,
        "reasoning_effort",
        "compute_multiplier",
        "eval_interval",
        "eval_samples",
    ),
}
_INTEGER_BOUNDS: Final = {
    "batch_size": (1, 256),
    "n_epochs": (1, 50),
    "eval_interval": (1, None),
    "eval_samples": (1, None),
}
_NUMBER_BOUNDS: Final = {
    "learning_rate_multiplier": (0.0, None),
    "beta": (0.0, 2.0),
    "compute_multiplier": (0.00001, 10.0),
}


@dataclass(frozen=True)
class JobRequest:
    """A checked create body: the method and its hyperparameters as given."""

    body: Mapping[str, Any]
    method: str
    hyperparameters: dict[str, Any]
    grader: Mapping[str, Any] | None


def model_not_available(model: str) -> MockAPIError:
    return MockAPIError(
        400,
        f"Model {model} is not available for fine-tuning or does not exist.",
        param="model",
        code="model_not_available",
    )


def _check_value(param: str, key: str, value: Any) -> None:
    if value == "auto":
        return
    if key == "reasoning_effort":
        P.check_enum(param, value, ("default", "low", "medium", "high"))
    elif key in _INTEGER_BOUNDS:
        low, high = _INTEGER_BOUNDS[key]
        P.check_integer(param, value, low, high)
    else:
        low_n, high_n = _NUMBER_BOUNDS[key]
        P.check_number(param, value, None, high_n)
        if value <= low_n:
            P.invalid_request(
                f"Invalid '{param}': decimal below minimum value. Expected a value > "
                f"{low_n:g}, but got {value} instead.",
                param,
                "decimal_below_min_value",
            )


def _check_hyperparameters(param: str, value: Any, allowed: tuple[str, ...]) -> dict[str, Any]:
    given = P.check_object(param, value)
    for key, item in given.items():
        if key not in allowed:
            P.invalid_request(
                f"Unknown parameter: '{param}.{key}'.", f"{param}.{key}", "unknown_parameter"
            )
        _check_value(f"{param}.{key}", key, item)
    return dict(given)


def _check_method(body: Mapping[str, Any]) -> tuple[str, dict[str, Any], Mapping[str, Any] | None]:
    legacy = body.get("hyperparameters")
    method = body.get("method")
    if method is None:
        hyper = {} if legacy is None else _check_hyperparameters("hyperparameters", legacy, _COMMON)
        return "supervised", hyper, None
    method = P.check_object("method", method)
    kind = method.get("type")
    if kind is None:
        P.missing("method.type")
    P.check_enum("method.type", kind, _METHODS)
    settings = P.check_object(f"method.{kind}", method.get(kind) or {})
    hyper_value = settings.get("hyperparameters")
    if legacy is not None and hyper_value is not None:
        P.invalid_request(
            "Hyperparameters may be given in 'method' or at the top level, not both.",
            "hyperparameters",
        )
    hyper = (
        {}
        if hyper_value is None
        else _check_hyperparameters(f"method.{kind}.hyperparameters", hyper_value, _HYPER[kind])
    )
    if legacy is not None:
        hyper = _check_hyperparameters("hyperparameters", legacy, _COMMON)
    grader = None
    if kind == "reinforcement":
        if settings.get("grader") is None:
            P.missing("method.reinforcement.grader")
        grader = check_grader(
            settings["grader"], "method.reinforcement.grader", RUN_GRADERS, run=True
        )
    return str(kind), hyper, grader


def _check_integrations(value: Any) -> None:
    for where, entry in P.each_object("integrations", value, "an array", maximum=5):
        P.check_enum(f"{where}.type", entry.get("type"), ("wandb",))
        if entry.get("wandb") is None:
            P.missing(f"{where}.wandb")
        wandb = P.check_object(f"{where}.wandb", entry["wandb"])
        if wandb.get("project") is None:
            P.missing(f"{where}.wandb.project")
        P.check_string(f"{where}.wandb.project", wandb["project"])


def check_job_request(body: Mapping[str, Any]) -> JobRequest:
    """The body checked (not yet its files nor its model's existence)."""
    P.check_unknown_keys(body, _KNOWN)
    P.check_string("model", P.require(body, "model"))
    P.check_string("training_file", P.require(body, "training_file"))
    if body.get("validation_file") is not None:
        P.check_string("validation_file", body["validation_file"])
    suffix = body.get("suffix")
    if suffix is not None:
        P.check_string("suffix", suffix, 64)
    if body.get("seed") is not None:
        P.check_integer("seed", body["seed"], 0, 2_147_483_647)
    if body.get("metadata") is not None:
        P.check_metadata(body["metadata"])
    if body.get("integrations") is not None:
        _check_integrations(body["integrations"])
    method, hyper, grader = _check_method(body)
    return JobRequest(body, method, hyper, grader)
