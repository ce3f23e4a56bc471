"""The memo's encoded answers: keyed on raw bytes, the same bytes as rendering and encoding each time."""

from __future__ import annotations

import json
from typing import Any

from openai_kit.mockserver._faults_apply import encode_json
from openai_kit.mockserver.api.chat.content import render_chat_body
from openai_kit.mockserver.api.chat.plan import plan_chat
from openai_kit.mockserver.api.chat.plan_cache import PlanCache
from openai_kit.mockserver.api.chat.validate import validate_chat_request
from openai_kit.mockserver.generation.context import GenContext

CTX = GenContext(seed=3, created=1_700_000_000)
AZURE = GenContext(seed=3, created=1_700_000_000, azure=True)


def _raw(text: str = "Name a river.", **extra: Any) -> bytes:
    body = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": text}], **extra}
    return json.dumps(body).encode()


def _expected(ctx: GenContext, body: dict[str, Any]) -> bytes:
    return encode_json(render_chat_body(plan_chat(ctx, body), ctx))


def test_answers_are_the_encoded_rendering_with_each_created() -> None:
    cache = PlanCache(maxsize=8, validate=validate_chat_request)
    for raw in (_raw(), _raw(n=2, logprobs=True, top_logprobs=2), _raw("ünïcode \x00created\x00")):
        body = json.loads(raw)
        for ctx in (CTX, AZURE, GenContext(seed=3, created=5), GenContext(seed=9, created=7)):
            assert cache.answer(ctx, body, raw) == _expected(ctx, body)
            assert cache.answer(ctx, body, raw) == _expected(ctx, body)
    assert cache.misses == 9 and cache.hits == 15  # created is not part of the key


def test_the_model_the_handler_sees_is_part_of_the_key() -> None:
    cache = PlanCache(maxsize=8)
    raw = _raw()
    body = json.loads(raw)
    deployed = {**body, "model": "gpt-4o"}
    assert cache.answer(AZURE, body, raw) == _expected(AZURE, body)
    assert cache.answer(AZURE, deployed, raw) == _expected(AZURE, deployed)
    assert cache.misses == 2


def test_answers_are_bounded_and_large_bodies_not_kept() -> None:
    cache = PlanCache(maxsize=2, max_key_chars=300)
    for i in range(4):
        raw = _raw(f"question {i}")
        assert cache.answer(CTX, json.loads(raw), raw) == _expected(CTX, json.loads(raw))
    assert len(cache._answers) == 2
    big = _raw("x" * 400)
    assert cache.answer(CTX, json.loads(big), big) == _expected(CTX, json.loads(big))
    assert cache.answer(CTX, json.loads(big), big) == _expected(CTX, json.loads(big))
    assert cache.hits == 0 and cache.misses == 6
    cache.clear()
    assert len(cache._answers) == 0
