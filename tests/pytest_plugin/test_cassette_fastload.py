"""The fast cassette reader agrees with PyYAML wherever it does not step aside.

For any text, ``_fastload.parse`` must either raise ``NotFast`` (the caller
then uses vcrpy's YAML loader) or return exactly what that loader returns.
Cassettes openai-kit writes must take the fast path.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml

from openai_kit.pytest_plugin import _fastload
from openai_kit.pytest_plugin._model import Interaction, RecordedRequest, RecordedResponse
from openai_kit.pytest_plugin._serialize import _Dumper, dump_cassette, load_cassette
from openai_kit.pytest_plugin._vcr import parse_yaml
from tests.support import realworld

PROJECT_CASSETTES = sorted((Path(__file__).resolve().parents[2] / "cassettes").glob("*.yaml"))
REALWORLD_FILES = sorted(realworld.ROOT.rglob("*.yaml")) if realworld.available() else []


def agrees(text: str) -> bool:
    """True when the fast path was taken (and agreed); False when it stepped aside."""
    try:
        fast = _fastload.parse(text)
    except _fastload.NotFast:
        return False
    assert fast == parse_yaml(text)
    return True


def dump(data: object) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1_000_000)


def cassette_text(body: bytes, content_type: str = "text/plain") -> str:
    headers = (("content-type", content_type), ("x-value", "6ms"))
    return dump_cassette(
        [
            Interaction(
                RecordedRequest("POST", "https://api.openai.com/v1/x?a=1", headers, body),
                RecordedResponse(200, "OK", headers, body),
            )
        ]
    )


@pytest.mark.parametrize(
    "body",
    [
        b'{"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Hi"}]}',
        b'data: {"a":1}\n\ndata: [DONE]\n\n',
        b"plain text",
        b"multi\nline\n",
        b"  leading spaces\nnext\n\n\n",
        b"ends without newline\nx",
        "unicode é — ✓\n".encode(),
        b"\xff\xfe binary \x00" * 30,
        b"",
    ],
)
def test_written_cassettes_take_the_fast_path(body: bytes) -> None:
    for content_type in ("text/plain", "application/json", "text/event-stream"):
        assert agrees(cassette_text(body, content_type)), body


@pytest.mark.parametrize("path", PROJECT_CASSETTES, ids=[p.name for p in PROJECT_CASSETTES])
def test_project_cassettes_take_the_fast_path(path: Path) -> None:
    assert agrees(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", REALWORLD_FILES, ids=[p.name for p in REALWORLD_FILES])
def test_realworld_files_agree_raw_and_rewritten(path: Path) -> None:
    agrees(path.read_text(encoding="utf-8"))  # their own style: fast or not, never different
    assert agrees(dump_cassette(load_cassette(path)))


@pytest.mark.parametrize(
    "text",
    [
        "a: 1 # comment\n",
        "# comment\na: 1\n",
        "a: &x 1\nb: *x\n",
        "a: {b: 1}\n",
        "a: [1, 2]\n",
        "a: long plain\n  continued\n",
        "a: 2024-01-01\n",
        "a: 1.5\n",
        "a: 0x1F\n",
        "a: 1_000\n",
        "a:\tb\n",
        "---\na: 1\n",
        "a: 1\na: 2\n",
        "a: |\n  x\n   \n  y\n",
        "a: !!python/name:os.system\n",
        "a: 'multi\n\n  line'\n",
        'a: "multi\n  line"\n',
        "a: >\n  folded\n",
        "a: |\n",
        "- 1\n",
        "a: - dash\n",
        "a:\n-   z\n",
        "on: 1\n",
        "a: b: c\n",
        "a: x\r\nb: y\r\n",
        "a: control \x01 char\n",
        "a: |2\n  x\nb: |3-\n  less\n",
    ],
)
def test_what_it_does_not_handle_it_leaves_to_yaml(text: str) -> None:
    with pytest.raises(_fastload.NotFast):
        _fastload.parse(text)


@pytest.mark.parametrize(
    "text",
    [
        "version: 1\ninteractions: []\n",
        'a:\n  b: yes\n  c: No\n  d: ~\n  e: null\n  f: -12\n  g: \'\'\n  h: "q\\"t\\u00e9"\n',
        "a:\n- x\n- 'y'\n- -z\nb: {}\n",
        "a:\n  - k: v\n    l:\n    - 1\n",
        "'quoted key': 1\n",
        "a: |+\n  kept\n\n\nb: 1\n",
        "a: |-\n  stripped\n\n",
        "a: |2-\n    two extra\n  base\n",
        "a: !!binary |\n  aGVsbG8=\n",
        "a:\nb: 1\n",
        "\n\na: 1\n\n",
    ],
)
def test_the_handled_subset_agrees(text: str) -> None:
    assert agrees(text)


def test_random_strings_never_disagree() -> None:
    alphabet = [
        *"ab yn0189 :#-'\"\\{}[]|>!&*%@`,?.~=+<",
        "\n",
        "\n\n",
        "  ",
        "\t",
        "é",
        "✓",
        "\u2028",
        "\x85",
        "\r",
        "\x01",
        "yes",
        "null",
        "data: ",
        "- ",
    ]
    rng = random.Random(20261125)
    fast = 0
    for _ in range(1500):
        value = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        key = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 6)))
        document = {
            "version": 1,
            "body": {"string": value},
            "headers": {key: [value, "x"]},
            "n": [value],
        }
        fast += agrees(dump(document))
    assert fast > 300  # most take the fast path
