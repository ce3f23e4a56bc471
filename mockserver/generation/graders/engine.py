"""Running a grader on one dataset item and one model sample.

Scores are computed, never drawn: ``string_check`` compares, ``text_similarity``
measures (:mod:`.similarity`), ``multi`` combines its sub-graders with its
formula (:mod:`.formula`). ``score_model`` and ``label_model`` are answered by
the mock's own model: the score or label is drawn from a generator seeded with
the server's seed, the grader model and the rendered prompt, so the same
inputs always get the same answer. A template naming an unknown variable gives
score 0 with the ``invalid_variable_error`` flag, as the real graders report it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from openai_kit.mockserver.api.embeddings.content import embed_text
from openai_kit.mockserver.generation.graders.check import multi_members, refuse_python
from openai_kit.mockserver.generation.graders.formula import FormulaError, evaluate
from openai_kit.mockserver.generation.graders.similarity import similarity
from openai_kit.mockserver.generation.graders.template import Namespaces, TemplateError, render
from openai_kit.mockserver.generation.rng import rng_for
from openai_kit.mockserver.generation.tokens import count_tokens

__all__ = ["Grade", "ModelUsage", "embedder", "grade", "passes"]

#: The embedding model and size the ``cosine`` metric compares texts with.
COSINE_MODEL: Final = "text-embedding-3-small"
COSINE_DIMENSIONS: Final = 256

Embedder = Callable[[str], Sequence[float]]


def embedder(seed: int) -> Embedder:
    """The ``cosine`` metric's embeddings: the mock's own embedding model."""

    def embed(text: str) -> list[float]:
        return embed_text(seed, COSINE_MODEL, text, COSINE_DIMENSIONS)

    return embed


@dataclass
class ModelUsage:
    """What one grader model spent."""

    invocations: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0

    def add(self, other: ModelUsage) -> None:
        self.invocations += other.invocations
        self.prompt_tokens += other.prompt_tokens
        self.completion_tokens += other.completion_tokens

    def to_json(self) -> dict[str, int]:
        return {
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "total_tokens": self.prompt_tokens + self.completion_tokens,
            "cached_tokens": 0,
        }


@dataclass
class Grade:
    """One grader's verdict on one item."""

    name: str
    type: str
    score: float
    passed: bool
    sub_scores: dict[str, float] = field(default_factory=dict)
    usage: dict[str, ModelUsage] = field(default_factory=dict)
    sample: dict[str, Any] | None = None
    error: str | None = None


def _like(text: str, pattern: str, *, fold: bool) -> bool:
    """SQL ``LIKE`` anywhere in ``text``: ``%`` any run of characters, ``_`` one character."""
    regex = "".join(".*" if c == "%" else "." if c == "_" else re.escape(c) for c in pattern)
    return re.search(regex, text, re.DOTALL | (re.IGNORECASE if fold else 0)) is not None


def string_check(operation: str, text: str, reference: str) -> float:
    if operation == "eq":
        return float(text == reference)
    if operation == "ne":
        return float(text != reference)
    return float(_like(text, reference, fold=operation == "ilike"))


def _content_text(content: Any, namespaces: Namespaces) -> str:
    if isinstance(content, str):
        return render(content, namespaces)
    if isinstance(content, Mapping):
        text = content.get("text")
        return render(text, namespaces) if isinstance(text, str) else ""
    if isinstance(content, list):
        return "".join(_content_text(part, namespaces) for part in content)
    return ""


def _model_answer(
    grader: Mapping[str, Any], namespaces: Namespaces, seed: int
) -> tuple[Any, dict[str, Any], ModelUsage]:
    """The grader model's answer (a score or a label), its sample and its usage."""
    model = str(grader["model"])
    messages = [
        {"role": str(m["role"]), "content": _content_text(m.get("content"), namespaces)}
        for m in grader["input"]
    ]
    rng = rng_for(seed, grader["type"], model, messages)
    if grader["type"] == "label_model":
        labels = grader["labels"]
        answer: Any = labels[int(rng.random() * len(labels))]
    else:
        low, high = grader.get("range") or (0, 1)
        answer = round(low + (high - low) * rng.random(), 2)
    output = json.dumps({"result": answer})
    usage = ModelUsage(
        1,
        3 + sum(4 + count_tokens(m["content"]) for m in messages),
        count_tokens(output),
    )
    sample = {
        "input": messages,
        "output": [{"role": "assistant", "content": output}],
        "finish_reason": "stop",
        "model": model,
        "usage": usage.to_json(),
    }
    return answer, sample, usage


def passes(grader: Mapping[str, Any], score: float) -> bool:
    """Whether ``score`` passes ``grader`` as an eval criterion."""
    threshold = grader.get("pass_threshold")
    if grader.get("type") == "string_check":
        return score == 1.0
    if threshold is None:
        low, high = grader.get("range") or (0, 1)
        threshold = (low + high) / 2
    return score >= threshold


def _grade_multi(
    grader: Mapping[str, Any], namespaces: Namespaces, seed: int, embed: Embedder
) -> Grade:
    parts = {
        name: grade(sub, namespaces, seed=seed, embed=embed)
        for name, sub in multi_members(grader).items()
    }
    result = Grade(str(grader["name"]), "multi", 0.0, False)
    for part in parts.values():
        for model, usage in part.usage.items():
            result.usage.setdefault(model, ModelUsage()).add(usage)
        result.error = result.error or part.error
    result.sub_scores = {name: part.score for name, part in parts.items()}
    if result.error is None:
        try:
            result.score = evaluate(str(grader["calculate_output"]), result.sub_scores)
        except FormulaError:
            result.error = "formula_parse_error"
    result.passed = result.error is None and passes(grader, result.score)
    return result


def grade(
    grader: Mapping[str, Any], namespaces: Namespaces, *, seed: int, embed: Embedder
) -> Grade:
    """``grader`` (already checked) run on ``namespaces`` (``item`` and ``sample``)."""
    kind, name = str(grader["type"]), str(grader["name"])
    if kind == "multi":
        return _grade_multi(grader, namespaces, seed, embed)
    if kind == "python":
        refuse_python("grader.type")
    result = Grade(name, kind, 0.0, False)
    try:
        if kind in ("score_model", "label_model"):
            answer, result.sample, usage = _model_answer(grader, namespaces, seed)
            result.usage[str(grader["model"])] = usage
            if kind == "label_model":
                result.passed = answer in grader["passing_labels"]
                result.score = float(result.passed)
                return result
            result.score = float(answer)
        else:
            text = render(str(grader["input"]), namespaces)
            reference = render(str(grader["reference"]), namespaces)
            if kind == "string_check":
                result.score = string_check(str(grader["operation"]), text, reference)
            else:
                metric = str(grader["evaluation_metric"])
                result.score = similarity(metric, text, reference, embed)
    except TemplateError:
        result.error = "invalid_variable_error"
        return result
    result.passed = passes(grader, result.score)
    return result
