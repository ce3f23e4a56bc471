"""A bounded memo of generated chat plans: repeated identical requests skip generation.

A :class:`~openai_kit.mockserver.api.chat.plan.ChatPlan` (text, tool
calls, logprobs, token counts, the completion id) is a pure function of the
server seed, the server's own models, the route family (OpenAI or Azure: the catalogue and the
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

A caller that has the request's raw bytes may key on them instead
(:meth:`PlanCache.answer`): the bytes plus the ``model`` the handler sees
(Azure puts the deployment's model there) determine the body, so a hit needs
no re-encoding. Such an entry also keeps the encoded ``chat.completion``
answer, split around ``created`` (the only per-response value in it), so a
hit splices the response's ``created`` into bytes made once. Off Azure the
bytes alone determine the body, so :meth:`PlanCache.encoded_parts` can find
an answer before anything parses the request (the server's express lane,
``mockserver/_express.py``).

Plans handed out are shared: renderers read them and never change them (the
rendered bodies may refer to a plan's logprob entries and moderation
sections, and are encoded to bytes at once by the pipeline).
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any, Final, Protocol, TypeVar

from openai_kit.mockserver.api.chat.content import render_chat_body
from openai_kit.mockserver.api.chat.plan import ChatPlan, plan_chat
from openai_kit.mockserver.api.chat.validate import validate_chat_request
from openai_kit.mockserver.generation.catalog import CustomModels
from openai_kit.mockserver.generation.context import GenContext

__all__ = [
    "MAX_ENTRIES",
    "MAX_KEY_CHARS",
    "PlanCache",
    "cached_chat_answer",
    "cached_plan_chat",
    "chat_plans",
    "encode_answer",
]

MAX_ENTRIES: Final = 1024
MAX_KEY_CHARS: Final = 16_384  # about 16 KB of request JSON; larger bodies are planned each time

# allow_nan keeps NaN/Infinity (the parser accepts them) from failing the key
_KEY_JSON: Final = json.JSONEncoder(
    separators=(",", ":"), ensure_ascii=False, check_circular=False, allow_nan=True
)

# the same encoding as the pipeline's answers (``_faults_apply.encode_json``)
_BODY_JSON: Final = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)
_CREATED: Final = "\x00created\x00"  # no generated value contains it
_CREATED_JSON: Final = _BODY_JSON.encode(_CREATED).encode()

_Key = tuple[int, CustomModels, bool, str] | tuple[int, CustomModels, bool, bytes, str | None]
_V = TypeVar("_V")


class Validator(Protocol):
    def __call__(
        self, body: Mapping[str, Any], *, azure: bool = False, custom: CustomModels | None = None
    ) -> None: ...


def encode_answer(plan: ChatPlan, ctx: GenContext) -> bytes:
    """The encoded ``chat.completion`` for ``plan``, as the pipeline encodes its dict."""
    return _BODY_JSON.encode(render_chat_body(plan, ctx)).encode()


class _Answer:
    """A plan and, made on first use, its encoded answer split around ``created``."""

    __slots__ = ("parts", "plan")

    def __init__(self, plan: ChatPlan) -> None:
        self.plan = plan
        self.parts: tuple[bytes, bytes] | None = None

    def encoded(self, ctx: GenContext) -> bytes:
        parts = self.parts
        if parts is None:
            marked = GenContext(seed=ctx.seed, created=0, azure=ctx.azure)
            body = render_chat_body(self.plan, marked)
            body["created"] = _CREATED
            head, found, tail = _BODY_JSON.encode(body).encode().partition(_CREATED_JSON)
            if not found or _CREATED_JSON in tail:
                return encode_answer(self.plan, ctx)
            parts = self.parts = (head, tail)
        return parts[0] + str(ctx.created).encode() + parts[1]


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
        self._answers: OrderedDict[_Key, _Answer] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def _make(self, ctx: GenContext, body: Mapping[str, Any]) -> ChatPlan:
        if self.validate is not None:
            self.validate(body, azure=ctx.azure, custom=ctx.custom)
        return plan_chat(ctx, body)

    def plan(self, ctx: GenContext, body: Mapping[str, Any]) -> ChatPlan:
        """``plan_chat(ctx, body)``, from the memo when an identical request was planned."""
        text = _KEY_JSON.encode(body)
        if len(text) > self.max_key_chars:
            with self._lock:
                self.misses += 1
            return self._make(ctx, body)
        key: _Key = (ctx.seed, ctx.custom, ctx.azure, text)
        plan = self._recall(self._entries, key, count_miss=True)
        if plan is None:
            # outside the lock: generation is the slow part
            plan = self._keep(self._entries, key, self._make(ctx, body))
        return plan

    def answer(self, ctx: GenContext, body: Mapping[str, Any], raw: bytes) -> bytes:
        """``encode_answer(self.plan(ctx, body), ctx)``, keyed on ``raw``, the bytes ``body`` was parsed from.

        ``body`` may differ from the parsed bytes only in its ``model`` (a
        string then): that is part of the key.
        """
        if len(raw) > self.max_key_chars:
            with self._lock:
                self.misses += 1
            return encode_answer(self._make(ctx, body), ctx)
        # off Azure the handler sees the body as parsed: ``raw`` determines it, model included
        model = body.get("model") if ctx.azure else None
        key: _Key = (
            ctx.seed,
            ctx.custom,
            ctx.azure,
            raw,
            model if isinstance(model, str) else None,
        )
        # a miss here is counted by ``plan``, on the plans' own memo
        entry = self._recall(self._answers, key, count_miss=False)
        if entry is None:
            entry = self._keep(self._answers, key, _Answer(self.plan(ctx, body)))
        return entry.encoded(ctx)

    def _recall(self, table: OrderedDict[_Key, _V], key: _Key, *, count_miss: bool) -> _V | None:
        """``table[key]``, made the most recently used and counted a hit; None when absent
        (counted a miss if ``count_miss``)."""
        with self._lock:
            found = table.get(key)
            if found is not None:
                table.move_to_end(key)
                self.hits += 1
            elif count_miss:
                self.misses += 1
            return found

    def _keep(self, table: OrderedDict[_Key, _V], key: _Key, value: _V) -> _V:
        """``value`` kept under ``key`` (or the entry another thread kept there first),
        the least recently used entries evicted past ``maxsize``."""
        with self._lock:
            kept = table.setdefault(key, value)
            table.move_to_end(key)
            while len(table) > self.maxsize:
                table.popitem(last=False)
            return kept

    def encoded_parts(
        self, seed: int, custom: CustomModels, raw: bytes
    ) -> tuple[bytes, bytes] | None:
        """The encoded answer, split around ``created``, to an OpenAI-route request of ``raw`` bytes.

        A hit when :meth:`answer` answered the same bytes before (off Azure,
        with this seed and these ``custom`` models) and the answer could be
        split; None otherwise, and nothing is counted then.
        """
        key: _Key = (seed, custom, False, raw, None)
        answers = self._answers
        with self._lock:
            entry = answers.get(key)
            if entry is None or entry.parts is None:
                return None
            answers.move_to_end(key)
            self.hits += 1
            return entry.parts

    def clear(self) -> None:
        """Forget every plan and the counters."""
        with self._lock:
            self._entries.clear()
            self._answers.clear()
            self.hits = self.misses = 0


chat_plans: Final = PlanCache(validate=validate_chat_request)
"""The memo the chat route uses (process-wide: the seed is part of the key)."""


def cached_plan_chat(ctx: GenContext, body: Mapping[str, Any]) -> ChatPlan:
    """``validate_chat_request(body)`` then ``plan_chat(ctx, body)``, through :data:`chat_plans`.

    Raises the request's 400 (or its model's 404) like the two calls would.
    """
    return chat_plans.plan(ctx, body)


def cached_chat_answer(ctx: GenContext, body: Mapping[str, Any], raw: bytes) -> bytes:
    """The encoded ``chat.completion`` for ``body`` (parsed from ``raw``), through :data:`chat_plans`.

    Raises what :func:`cached_plan_chat` raises.
    """
    return chat_plans.answer(ctx, body, raw)
