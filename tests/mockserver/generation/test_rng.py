"""Seeds and canonical JSON: the same text and the same numbers however they are computed."""

from __future__ import annotations

import json
import random

import pytest

from openai_kit.mockserver.generation.rng import GrowingSeed, canonical_json, derive_seed

VALUES = [
    {"b": 1, "a": [1.5, "é", None, True, {"z": "\u2028", "y": 1e-7}]},
    "plain",
    'quote " and \\ backslash',
    3,
    -0.0,
    2**80,
    [],
    {},
    [1e300, 1e-300, float("inf")],
    {"k": "\x00\x1f\x7f"},
]


@pytest.mark.parametrize("value", VALUES)
def test_canonical_json_is_json_dumps_with_sorted_keys_and_no_spaces(value: object) -> None:
    expected = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert canonical_json(value) == expected


def test_a_growing_seed_is_derive_seed_whatever_the_texts_do() -> None:
    grow = GrowingSeed(7, "realtime.response", "Be kind.")
    rng = random.Random(1)
    texts: list[str] = []
    for step in range(60):
        draw = rng.random()
        if draw < 0.6 or not texts:  # the conversation grows
            texts = [*texts, f'turn {step}: é \u2028 "quoted"']
        elif draw < 0.8:  # its last item is deleted
            texts = texts[:-1]
        elif draw < 0.9:  # an earlier one is truncated
            texts = [texts[0][:3], *texts[1:]]
        else:  # or the same words come back as new objects
            texts = [str(t.encode().decode()) for t in texts]
        assert grow(texts) == derive_seed(7, "realtime.response", "Be kind.", texts), step


def test_a_growing_seed_of_no_parts() -> None:
    assert GrowingSeed()(["a", "b"]) == derive_seed(["a", "b"])
    assert GrowingSeed()([]) == derive_seed([])
