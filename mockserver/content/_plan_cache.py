"""A bounded memo of generated chat plans: repeated identical requests skip generation.

A :class:`~openai_kit.mockserver.content._chat_plan.ChatPlan` (text, tool
calls, logprobs, token counts, the completion id) is a pure function of the
server seed, the route family (OpenAI or Azure: the catalogue and the
prompt kept for filters differ) and the request body. Nothing per response
lives in it: ``created`` comes from the :class:`GenContext` at rendering, and
headers, journal, scripts, faults and state are the pipeline's, per request.
So a plan made once can answer every later identical request. Validation
(the 400s of a bad body) is a pure function of the body as well: a cache
built with ``validate`` runs it on a miss, before planning, and keeps only
plans of bodies that passed, so a hit skips both. Errors are never kept.

The key is the body's compact JSON text as it came out of the JSON parser,
key order kept (generation walks schemas in their key order, so two bodies
that differ only in key order may differ in content: they get two entries).
Entries are evicted least recently used first; bodies above
:data:`MAX_KEY_CHARS` are not memoized, so the memo stays small whatever
clients send. The lock makes it safe to share between the transports' loop
threads and a live server's thread; two threads missing on the same key at
once both generate the same plan, and one of them is kept.

Plans handed out are shared: renderers read them and never change them (the
rendered bodies may refer to a plan's logprob entries and moderation
sections, and are encoded to bytes at once by the pipeline).
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import Any, Final

from openai_kit.mockserver.content._chat_plan import ChatPlan, plan_chat
from openai_kit.mockserver.content._context import GenContext
from openai_kit.mockserver.content._validate_chat import validate_chat_request

__all__ = ["MAX_ENTRIES", "MAX_KEY_CHARS", "PlanCache", "cached_plan_chat", "chat_plans"]

MAX_ENTRIES: Final = 1024
MAX_KEY_CHARS: Final = 16_384  # about 16 KB of request JSON; larger bodies are planned each time

# allow_nan keeps NaN/Infinity (the parser accepts them) from failing the key
_KEY_JSON: Final = json.JSONEncoder(
    separators=(",", ":"), ensure_ascii=False, check_circular=False, allow_nan=True
)

_Key = tuple[int, bool, str]
Validator = Callable[[Mapping[str, Any]], None]


class PlanCache:
    """An LRU memo of :func:`plan_chat` (after ``validate``, if given), at most ``maxsize`` plans."""

    def __init__(
        self,
        maxsize: int = MAX_ENTRIES,
        max_key_chars: int = MAX_KEY_CHARS,
        *,
        validate: Validator | None = None,
    ) -> None:
        if maxsize < 1:
            raise ValueError("maxsize must be at least 1")
        self.validate = validate
        self.maxsize = maxsize
        self.max_key_chars = max_key_chars
        self.hits = 0
        self.misses = 0
        self._entries: OrderedDict[_Key, ChatPlan] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def _make(self, ctx: GenContext, body: Mapping[str, Any]) -> ChatPlan:
        if self.validate is not None:
            self.validate(body)
        return plan_chat(ctx, body)

    def plan(self, ctx: GenContext, body: Mapping[str, Any]) -> ChatPlan:
        """``plan_chat(ctx, body)``, from the memo when an identical request was planned."""
        text = _KEY_JSON.encode(body)
        if len(text) > self.max_key_chars:
            with self._lock:
                self.misses += 1
            return self._make(ctx, body)
        key = (ctx.seed, ctx.azure, text)
        entries = self._entries
        with self._lock:
            plan = entries.get(key)
            if plan is not None:
                entries.move_to_end(key)
                self.hits += 1
                return plan
            self.misses += 1
        plan = self._make(ctx, body)  # outside the lock: generation is the slow part
        with self._lock:
            entries[key] = plan
            entries.move_to_end(key)
            while len(entries) > self.maxsize:
                entries.popitem(last=False)
        return plan

    def clear(self) -> None:
        """Forget every plan and the counters."""
        with self._lock:
            self._entries.clear()
            self.hits = self.misses = 0


chat_plans: Final = PlanCache(validate=validate_chat_request)
"""The memo the chat route uses (process-wide: the seed is part of the key)."""


def cached_plan_chat(ctx: GenContext, body: Mapping[str, Any]) -> ChatPlan:
    """``validate_chat_request(body)`` then ``plan_chat(ctx, body)``, through :data:`chat_plans`.

    Raises the request's 400 (or its model's 404) like the two calls would.
    """
    return chat_plans.plan(ctx, body)
