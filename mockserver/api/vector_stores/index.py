"""Chunks and their lexical index: what a vector store searches.

A file's text is cut into chunks of ``max_chunk_size_tokens`` tokens that
overlap by ``chunk_overlap_tokens`` (the mock's tokenizer counts them). The
chunks of completed files go into an inverted index ranked with Okapi BM25;
a score is divided by the most the query could score (every query term at
saturation), so it lies in [0, 1] and means the same in every store.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Final

from openai_kit.mockserver.generation.tokens import tokenize

__all__ = ["Chunk", "Index", "chunk_text", "query_terms", "terms"]

_K1: Final = 1.2
_B: Final = 0.75
_WORD: Final = re.compile(r"[a-z0-9]+")
_STOPWORDS: Final = frozenset(
    {
        "a", "an", "and", "are", "as", "at", "be", "by", "do", "does", "for", "from", "has",
        "have", "how", "i", "in", "is", "it", "its", "me", "my", "of", "on", "or", "our", "so",
        "than", "that", "the", "their", "them", "there", "these", "they", "this", "to", "was",
        "we", "what", "when", "where", "which", "who", "why", "will", "with", "you", "your",
        "about", "can", "could", "would", "should", "tell", "find",
    }
)  # fmt: skip


def _stem(word: str) -> str:
    """A light plural stem (``cats`` → ``cat``, ``boxes`` → ``box``, ``glass`` stays)."""
    if len(word) > 4 and word.endswith(("ches", "shes", "xes", "sses")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def terms(text: str) -> list[str]:
    """The index terms of ``text``: lower-cased words and numbers, plurals stemmed."""
    return [_stem(word) for word in _WORD.findall(text.lower())]


def query_terms(query: str) -> list[str]:
    """The terms a query searches with (its stop words dropped unless nothing else is left)."""
    words = _WORD.findall(query.lower())
    kept = [_stem(w) for w in words if w not in _STOPWORDS]
    return kept or [_stem(w) for w in words]


def chunk_text(text: str, max_tokens: int, overlap: int) -> list[str]:
    """``text`` in windows of ``max_tokens`` tokens, each starting ``max_tokens - overlap``
    tokens after the one before."""
    tokens = tokenize(text)
    step = max_tokens - overlap
    chunks: list[str] = []
    start = 0
    while True:
        piece = "".join(tokens[start : start + max_tokens]).strip()
        if piece:
            chunks.append(piece)
        if start + max_tokens >= len(tokens):
            return chunks
        start += step


@dataclass(frozen=True, slots=True)
class Chunk:
    """One chunk of one file of a store: ``key`` orders chunks (file added order, position)."""

    file_id: str
    position: int
    text: str
    key: tuple[int, int]


class Index:
    """An inverted index of chunks with BM25 scoring."""

    def __init__(self) -> None:
        self._postings: dict[str, dict[Chunk, int]] = {}
        self._lengths: dict[Chunk, int] = {}
        self._total_length = 0

    def __len__(self) -> int:
        return len(self._lengths)

    def add(self, chunks: Iterable[Chunk]) -> None:
        for chunk in chunks:
            counts = Counter(terms(chunk.text))
            length = sum(counts.values())
            self._lengths[chunk] = length
            self._total_length += length
            for term, count in counts.items():
                self._postings.setdefault(term, {})[chunk] = count

    def remove(self, file_id: str) -> None:
        gone = [chunk for chunk in self._lengths if chunk.file_id == file_id]
        for chunk in gone:
            self._total_length -= self._lengths.pop(chunk)
            for term in set(terms(chunk.text)):
                postings = self._postings.get(term)
                if postings is not None:
                    postings.pop(chunk, None)
                    if not postings:
                        del self._postings[term]

    def search(
        self, query: str, accept: Callable[[str], bool], threshold: float, limit: int
    ) -> list[tuple[float, Chunk]]:
        """The ``limit`` best chunks of files ``accept`` takes, scored above ``threshold``."""
        count = len(self._lengths)
        if count == 0:
            return []
        average = self._total_length / count
        scores: dict[Chunk, float] = {}
        ceiling = 0.0
        for term, weight in Counter(query_terms(query)).items():
            postings = self._postings.get(term)
            if not postings:
                continue
            idf = math.log(1 + (count - len(postings) + 0.5) / (len(postings) + 0.5))
            ceiling += weight * idf * (_K1 + 1)
            norm = _K1 * (1 - _B)
            scale = _K1 * _B / average
            for chunk, tf in postings.items():
                gain = weight * idf * tf * (_K1 + 1) / (tf + norm + scale * self._lengths[chunk])
                scores[chunk] = scores.get(chunk, 0.0) + gain
        if ceiling <= 0:
            return []
        allowed: dict[str, bool] = {}
        candidates = []
        for chunk, raw in scores.items():
            score = round(raw / ceiling, 6)
            if score <= 0 or score < threshold:
                continue
            if chunk.file_id not in allowed:
                allowed[chunk.file_id] = accept(chunk.file_id)
            if allowed[chunk.file_id]:
                candidates.append((-score, chunk.key, chunk))
        best = heapq.nsmallest(limit, candidates, key=lambda entry: (entry[0], entry[1]))
        return [(-negative, chunk) for negative, _, chunk in best]
