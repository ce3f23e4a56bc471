"""Text similarity metrics, computed (the ``text_similarity`` grader's ``evaluation_metric``).

Words are lowercase runs of letters and digits. Definitions:

- ``fuzzy_match``: indel similarity of the two strings,
  ``1 - (insertions + deletions) / (len(a) + len(b))``, i.e. ``2 * LCS / (len(a) + len(b))``.
- ``bleu``: sentence BLEU-4 (uniform weights, brevity penalty); an n-gram order with no
  match counts ``0.1`` matches (smoothing, so short texts do not all score 0).
- ``gleu``: sentence GLEU: n-grams of orders 1-4 matched, over the larger of the two totals.
- ``meteor``: exact-match METEOR (``Fmean = 10PR / (R + 9P)``, fragmentation penalty
  ``0.5 * (chunks / matches) ** 3``).
- ``rouge_1`` ... ``rouge_5``: F1 of n-gram overlap; ``rouge_l``: F1 of the longest
  common subsequence of words.
- ``cosine``: cosine similarity of the two texts' embeddings (``embedding``, given by the caller).
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Final

__all__ = [
    "METRICS",
    "bleu",
    "cosine",
    "fuzzy_match",
    "gleu",
    "meteor",
    "rouge_l",
    "rouge_n",
    "similarity",
    "words",
]

METRICS: Final = (
    "cosine",
    "fuzzy_match",
    "bleu",
    "gleu",
    "meteor",
    "rouge_1",
    "rouge_2",
    "rouge_3",
    "rouge_4",
    "rouge_5",
    "rouge_l",
)
_WORD: Final = re.compile(r"\w+")
_SMOOTH: Final = 0.1

Embedder = Callable[[str], Sequence[float]]


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _lcs(a: Sequence[object], b: Sequence[object]) -> int:
    if not a or not b:
        return 0
    previous = [0] * (len(b) + 1)
    for x in a:
        current = [0]
        for j, y in enumerate(b):
            current.append(previous[j] + 1 if x == y else max(previous[j + 1], current[j]))
        previous = current
    return previous[-1]


def fuzzy_match(candidate: str, reference: str) -> float:
    total = len(candidate) + len(reference)
    if total == 0:
        return 1.0
    return 2 * _lcs(candidate, reference) / total


def _ngrams(tokens: Sequence[str], n: int) -> Counter[tuple[str, ...]]:
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def _overlap(hyp: Sequence[str], ref: Sequence[str], n: int) -> tuple[int, int, int]:
    """(matched n-grams, candidate n-grams, reference n-grams) of order ``n``."""
    h, r = _ngrams(hyp, n), _ngrams(ref, n)
    return sum((h & r).values()), sum(h.values()), sum(r.values())


def bleu(candidate: str, reference: str) -> float:
    hyp, ref = words(candidate), words(reference)
    if not hyp or not ref:
        return 0.0
    log_sum = 0.0
    for n in range(1, 5):
        matched, total, _ = _overlap(hyp, ref, n)
        if total == 0:
            return 0.0
        log_sum += math.log((matched or _SMOOTH) / total) / 4
    penalty = 1.0 if len(hyp) > len(ref) else math.exp(1 - len(ref) / len(hyp))
    return penalty * math.exp(log_sum)


def gleu(candidate: str, reference: str) -> float:
    hyp, ref = words(candidate), words(reference)
    matched = hyp_total = ref_total = 0
    for n in range(1, 5):
        m, h, r = _overlap(hyp, ref, n)
        matched, hyp_total, ref_total = matched + m, hyp_total + h, ref_total + r
    larger = max(hyp_total, ref_total)
    return matched / larger if larger else 0.0


def _alignment(hyp: Sequence[str], ref: Sequence[str]) -> list[tuple[int, int]]:
    """Exact word matches, each reference word used once, left to right."""
    used: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for i, word in enumerate(hyp):
        for j, other in enumerate(ref):
            if j not in used and other == word:
                used.add(j)
                pairs.append((i, j))
                break
    return pairs


def meteor(candidate: str, reference: str) -> float:
    hyp, ref = words(candidate), words(reference)
    pairs = _alignment(hyp, ref)
    if not pairs:
        return 0.0
    matches = len(pairs)
    precision, recall = matches / len(hyp), matches / len(ref)
    fmean = 10 * precision * recall / (recall + 9 * precision)
    chunks = 1 + sum(1 for (i, j), (k, m) in itertools.pairwise(pairs) if k != i + 1 or m != j + 1)
    return fmean * (1 - 0.5 * (chunks / matches) ** 3)


def _f1(matched: int, candidate_total: int, reference_total: int) -> float:
    if matched == 0:
        return 0.0
    precision, recall = matched / candidate_total, matched / reference_total
    return 2 * precision * recall / (precision + recall)


def rouge_n(candidate: str, reference: str, n: int) -> float:
    return _f1(*_overlap(words(candidate), words(reference), n))


def rouge_l(candidate: str, reference: str) -> float:
    hyp, ref = words(candidate), words(reference)
    return _f1(_lcs(hyp, ref), len(hyp), len(ref))


def cosine(a: Sequence[float], b: Sequence[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    norms = math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b))
    return dot / norms if norms else 0.0


def similarity(metric: str, candidate: str, reference: str, embed: Embedder) -> float:
    """``metric`` of ``candidate`` against ``reference`` (``embed`` serves ``cosine``)."""
    if metric == "cosine":
        return cosine(embed(candidate), embed(reference))
    if metric == "fuzzy_match":
        return fuzzy_match(candidate, reference)
    if metric == "bleu":
        return bleu(candidate, reference)
    if metric == "gleu":
        return gleu(candidate, reference)
    if metric == "meteor":
        return meteor(candidate, reference)
    if metric == "rouge_l":
        return rouge_l(candidate, reference)
    return rouge_n(candidate, reference, int(metric.removeprefix("rouge_")))
