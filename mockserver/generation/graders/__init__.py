"""Graders, computed: the engine shared by ``fine_tuning.alpha.graders``, reinforcement
fine-tuning and evals (templates, similarity metrics, formulas, definition checks)."""

from __future__ import annotations

from openai_kit.mockserver.generation.graders.check import (
    EVAL_GRADERS,
    RUN_GRADERS,
    check_grader,
    refuse_python,
)
from openai_kit.mockserver.generation.graders.engine import (
    Embedder,
    Grade,
    ModelUsage,
    embedder,
    grade,
    passes,
)
from openai_kit.mockserver.generation.graders.template import (
    TemplateError,
    render,
    sample_namespace,
)

__all__ = [
    "EVAL_GRADERS",
    "RUN_GRADERS",
    "Embedder",
    "Grade",
    "ModelUsage",
    "TemplateError",
    "check_grader",
    "embedder",
    "grade",
    "passes",
    "refuse_python",
    "render",
    "sample_namespace",
]
