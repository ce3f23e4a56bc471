"""Token-bucket rate limits on a clock tests can move.

A :class:`Limiter` holds the buckets of one ``rate_limit`` fault: one pair
(requests, tokens) per API key or per deployment. Buckets start full and
refill continuously (``rpm / 60`` requests a second) on a :class:`Clock`,
which follows the monotonic clock until a test freezes or advances it.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from typing import Literal

from openai_kit.mockserver._clock import Clock
from openai_kit.mockserver._faults_bodies import duration_text
from openai_kit.mockserver._scripts import request_text
from openai_kit.mockserver.generation.tokens import count_tokens

__all__ = ["Limiter", "Verdict", "request_tokens", "scope_key"]

Dimension = Literal["requests", "tokens"]
# Refills are float arithmetic: a client that waited exactly the time asked
# for must find its tokens, so levels within this margin count as reached.
_EPSILON = 1e-6


@dataclass
class _Bucket:
    capacity: int
    level: float
    updated: float

    @property
    def rate(self) -> float:
        return self.capacity / 60.0

    def refill(self, now: float) -> None:
        if now > self.updated:
            self.level = min(float(self.capacity), self.level + (now - self.updated) * self.rate)
        self.updated = now

    def has(self, amount: float) -> bool:
        return self.level + _EPSILON >= amount

    @property
    def whole(self) -> int:
        """The level in whole units, as ``x-ratelimit-remaining-*`` shows it."""
        return max(0, math.floor(self.level + _EPSILON))

    def wait_for(self, amount: float) -> float:
        return 0.0 if self.has(amount) else (amount - self.level) / self.rate

    def until_full(self) -> float:
        return (self.capacity - self.level) / self.rate


@dataclass(frozen=True)
class Verdict:
    """What a limiter says about one request.

    ``allowed`` False comes with the ``dimension`` that ran out, ``wait``
    seconds until the request would fit (None: it never fits, it is larger
    than the whole bucket), and the numbers a 429 message quotes.
    """

    allowed: bool
    headers: dict[str, str]
    dimension: Dimension | None = None
    wait: float | None = None
    limit: int = 0
    used: int = 0
    requested: int = 0


def scope_key(per: str, *, api_key: str | None, deployment: str | None, azure: bool) -> str:
    """The bucket a request draws from; API keys are hashed, never kept.

    Per deployment, Azure deployments and OpenAI models are separate buckets
    even when they share a name (they are different services).
    """
    if per == "key":
        digest = hashlib.sha256((api_key or "").encode()).hexdigest()[:16]
        return f"key:{digest}"
    service = "azure" if azure else "openai"
    return f"deployment:{service}:{deployment or '-'}"


def request_tokens(body: object) -> int:
    """Tokens a request is charged: its prompt text plus the output it may ask for."""
    tokens = count_tokens(request_text(body)) if body is not None else 0
    if isinstance(body, dict):
        most = next(
            (
                body[k]
                for k in ("max_completion_tokens", "max_tokens", "max_output_tokens")
                if isinstance(body.get(k), int) and not isinstance(body.get(k), bool)
            ),
            0,
        )
        n = body.get("n")
        choices = n if isinstance(n, int) and not isinstance(n, bool) and n > 0 else 1
        tokens += most * choices
    return max(1, tokens)


class Limiter:
    """The buckets of one rate-limit fault (requests and/or tokens per minute)."""

    def __init__(self, rpm: int | None, tpm: int | None, clock: Clock) -> None:
        self.rpm = rpm
        self.tpm = tpm
        self._clock = clock
        self._buckets: dict[str, tuple[_Bucket | None, _Bucket | None]] = {}

    def reset(self) -> None:
        self._buckets.clear()

    @property
    def scopes(self) -> int:
        return len(self._buckets)

    def _pair(self, scope: str) -> tuple[_Bucket | None, _Bucket | None]:
        now = self._clock.now()
        pair = self._buckets.get(scope)
        if pair is None:
            pair = (self._new(self.rpm, now), self._new(self.tpm, now))
            self._buckets[scope] = pair
        for bucket in pair:
            if bucket is not None:
                bucket.refill(now)
        return pair

    @staticmethod
    def _new(capacity: int | None, now: float) -> _Bucket | None:
        return None if capacity is None else _Bucket(capacity, float(capacity), now)

    @staticmethod
    def _headers(requests: _Bucket | None, tokens: _Bucket | None) -> dict[str, str]:
        headers: dict[str, str] = {}
        for name, bucket in (("requests", requests), ("tokens", tokens)):
            if bucket is None:
                continue
            headers[f"x-ratelimit-limit-{name}"] = str(bucket.capacity)
            headers[f"x-ratelimit-remaining-{name}"] = str(bucket.whole)
            headers[f"x-ratelimit-reset-{name}"] = (
                "0s" if bucket.until_full() <= _EPSILON else duration_text(bucket.until_full())
            )
        return headers

    def check(self, scope: str, tokens: int) -> Verdict:
        """Would this request fit? Nothing is taken (see :meth:`take`)."""
        requests_bucket, tokens_bucket = self._pair(scope)
        headers = self._headers(requests_bucket, tokens_bucket)
        lacking: list[tuple[Dimension, _Bucket, int, float]] = []
        if requests_bucket is not None and not requests_bucket.has(1):
            lacking.append(("requests", requests_bucket, 1, requests_bucket.wait_for(1)))
        if tokens_bucket is not None:
            if tokens > tokens_bucket.capacity:
                return Verdict(
                    False,
                    headers,
                    "tokens",
                    None,
                    tokens_bucket.capacity,
                    tokens_bucket.capacity - tokens_bucket.whole,
                    tokens,
                )
            if not tokens_bucket.has(tokens):
                lacking.append(("tokens", tokens_bucket, tokens, tokens_bucket.wait_for(tokens)))
        if not lacking:
            return Verdict(True, headers)
        dimension, bucket, requested, _ = lacking[0]
        wait = max(item[3] for item in lacking)
        used = bucket.capacity - bucket.whole
        return Verdict(False, headers, dimension, wait, bucket.capacity, used, requested)

    def take(self, scope: str, tokens: int) -> dict[str, str]:
        """Charge a request that fits; returns the headers after the charge."""
        requests_bucket, tokens_bucket = self._pair(scope)
        if requests_bucket is not None:
            requests_bucket.level -= 1
        if tokens_bucket is not None:
            tokens_bucket.level -= tokens
        return self._headers(requests_bucket, tokens_bucket)
