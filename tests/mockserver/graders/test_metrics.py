"""The grader engine's pieces against hand-computed values: metrics, string checks,
templates and the multi-grader formula language."""

from __future__ import annotations

import math

import pytest

from openai_kit.mockserver.api.embeddings.content import embed_text
from openai_kit.mockserver.generation.graders import embedder, grade
from openai_kit.mockserver.generation.graders.engine import (
    COSINE_DIMENSIONS,
    COSINE_MODEL,
    string_check,
)
from openai_kit.mockserver.generation.graders.formula import FormulaError, evaluate, parse
from openai_kit.mockserver.generation.graders.similarity import (
    bleu,
    cosine,
    fuzzy_match,
    gleu,
    meteor,
    rouge_l,
    rouge_n,
    similarity,
)
from openai_kit.mockserver.generation.graders.template import (
    TemplateError,
    render,
    sample_namespace,
)


def test_fuzzy_match_is_the_indel_similarity() -> None:
    # LCS("kitten", "sitting") = "ittn" (4): 2 * 4 / (6 + 7)
    assert fuzzy_match("kitten", "sitting") == pytest.approx(8 / 13)
    assert fuzzy_match("same", "same") == 1.0
    assert fuzzy_match("", "") == 1.0
    assert fuzzy_match("abc", "xyz") == 0.0


def test_bleu_by_hand() -> None:
    # the cat sat on a mat / the cat sat on the mat: p1 5/6, p2 3/5, p3 2/4, p4 1/3, no brevity penalty
    expected = (5 / 6 * 3 / 5 * 2 / 4 * 1 / 3) ** 0.25
    assert bleu("the cat sat on a mat", "the cat sat on the mat") == pytest.approx(expected)
    assert bleu("the cat sat on the mat", "The cat sat on the mat.") == pytest.approx(1.0)
    # an order without any match counts 0.1 matches: p4 = 0.1 / 1
    smoothed = (3 / 4 * 2 / 3 * 1 / 2 * 0.1 / 1) ** 0.25 * math.exp(1 - 5 / 4)
    assert bleu("a b c x", "a b c d e") == pytest.approx(smoothed)
    assert bleu("short", "a longer reference") == 0.0


def test_gleu_meteor_and_rouge_by_hand() -> None:
    # n-grams of 'the cat sat': 3+2+1, all matched; of the reference: 6+5+4+3
    assert gleu("the cat sat", "the cat sat on the mat") == pytest.approx(6 / 18)
    # every word matches, but in six chunks: 1 * (1 - 0.5 * (6/6)^3)
    assert meteor("the cat sat on the mat", "on the mat sat the cat") == pytest.approx(0.5)
    # P = 3/3, R = 3/6: Fmean = 10PR / (R + 9P), one chunk of 3
    fmean = 10 * 1 * 0.5 / (0.5 + 9)
    assert meteor("the cat sat", "the cat sat on the mat") == pytest.approx(fmean * (1 - 0.5 / 27))
    assert rouge_n("the cat sat", "the cat sat on the mat", 1) == pytest.approx(2 / 3)
    assert rouge_n("the cat sat", "the cat sat on the mat", 2) == pytest.approx(2 * 0.4 / 1.4)
    assert rouge_l("a b c d", "a c d e") == pytest.approx(0.75)
    assert rouge_n("a b", "c d", 1) == 0.0


def test_cosine_uses_the_mocks_embeddings() -> None:
    embed = embedder(7)
    a = embed_text(7, COSINE_MODEL, "the sea", COSINE_DIMENSIONS)
    b = embed_text(7, COSINE_MODEL, "the mountains", COSINE_DIMENSIONS)
    expected = sum(x * y for x, y in zip(a, b, strict=True))  # unit vectors
    assert similarity("cosine", "the sea", "the mountains", embed) == pytest.approx(
        expected, abs=1e-6
    )
    assert similarity("cosine", "same text", "same text", embed) == pytest.approx(1.0)
    assert cosine([1.0, 0.0], [0.0, 1.0]) == 0.0


@pytest.mark.parametrize(
    ("operation", "text", "reference", "score"),
    [
        ("eq", "Paris", "Paris", 1.0),
        ("eq", "Paris", "paris", 0.0),
        ("ne", "Paris", "Rome", 1.0),
        ("like", "The capital is Paris.", "Paris", 1.0),
        ("like", "The capital is Paris.", "paris", 0.0),
        ("ilike", "The capital is Paris.", "paris", 1.0),
        ("like", "hello world", "%lo w%", 1.0),
        ("like", "hello", "h_llo", 1.0),
        ("like", "hllo", "h_llo", 0.0),
        ("like", "a+b", "a.b", 0.0),
        ("ilike", "A.B", "a.b", 1.0),
    ],
)
def test_string_check(operation: str, text: str, reference: str, score: float) -> None:
    assert string_check(operation, text, reference) == score


def test_templates() -> None:
    spaces = {"item": {"a": {"b": [1, "two"]}, "n": 3}, "sample": sample_namespace('{"x": 5}')}
    assert render("{{ item.a.b.1 }}/{{item.n}}/{{sample.output_json.x}}", spaces) == "two/3/5"
    assert render("{{item.a}}", spaces) == '{"b": [1, "two"]}'
    assert render("{{sample.output_text}}", spaces) == '{"x": 5}'
    assert sample_namespace("not json")["output_json"] is None
    with pytest.raises(TemplateError, match=r"item\.missing"):
        render("{{item.missing}}", spaces)


def test_formula_language() -> None:
    scores = {"a": 1.0, "b": 0.5}
    assert evaluate("0.5 * a + 0.5 * b", scores) == pytest.approx(0.75)
    assert evaluate("-a + 2 ^ 3 ** 1 - (b - 1) / 2", scores) == pytest.approx(7.25)
    assert evaluate("max(a, b, 0.2) + min(a, b) + abs(-b) + floor(1.7) + sqrt(4)", scores) == 5.0
    for bad, reason in [
        ("a +", "Unexpected"),
        ("c * 2", "Unknown grader 'c'"),
        ("pow(a, 2)", "Unknown function"),
        ("a / (b - 0.5)", "Division by zero"),
        ("__import__('os')", "Unexpected character"),
        ("a; b", "Unexpected character"),
        ("sqrt(a, b)", "one argument"),
    ]:
        with pytest.raises(FormulaError, match=reason):
            evaluate(bad, scores)
    with pytest.raises(FormulaError):
        parse("(a", ["a"])


def test_model_graders_are_deterministic_and_in_range() -> None:
    grader = {
        "type": "score_model",
        "name": "judge",
        "model": "gpt-4o-mini",
        "input": [{"role": "user", "content": "Rate {{sample.output_text}}"}],
        "range": [1, 5],
    }
    spaces = {"item": {}, "sample": sample_namespace("an answer")}
    first = grade(grader, spaces, seed=1, embed=embedder(1))
    again = grade(grader, spaces, seed=1, embed=embedder(1))
    assert first.score == again.score and 1 <= first.score <= 5
    assert first.passed == (first.score >= 3)
    assert first.usage["gpt-4o-mini"].invocations == 1
    assert first.sample is not None and first.sample["input"][0]["content"] == "Rate an answer"
    scores = {
        grade(grader, {**spaces, "item": {"i": i}}, seed=i, embed=embedder(i)).score
        for i in range(8)
    }
    assert len(scores) > 1
    label = {**grader, "type": "label_model", "labels": ["good", "bad"], "passing_labels": ["good"]}
    labelled = grade(label, spaces, seed=1, embed=embedder(1))
    assert labelled.passed == (labelled.score == 1.0)
    assert labelled.sample is not None and labelled.sample["output"][0]["content"] in (
        '{"result": "good"}',
        '{"result": "bad"}',
    )
