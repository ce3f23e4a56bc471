"""The generated test suites of ``plugin_overhead.py``: one per way of mocking (a variant),
written to a folder and run by pytest in a fresh interpreter."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import re
import subprocess
import sys
import textwrap
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx

import openai_kit
from benchmarks._payloads import JSON_HEADERS, chat_completion_body
from openai_kit.pytest_plugin._cassette import Cassette, RecordMode

PER_MODULE = 50

KIT_PLUGIN = "openai_kit.pytest_plugin"
RESPONSES_PLUGIN = "openai_responses.plugin"

MESSAGES = 'MESSAGES = [{"role": "user", "content": "Hello"}]\n'
# The code under test imports its SDK: every test module does, the empty ones too, so the
# import cancels out (the bare variants' conftest and openai-responses' tests import it too).
KIT_HEADER = "import openai_kit\n\n" + MESSAGES
OFFICIAL_HEADER = "import openai\n\n" + MESSAGES
CREATE = 'chat.completions.create(model="gpt-4o-mini", messages=MESSAGES)'

FIXTURE_TEST = """
def test_chat_{number}({fixture}):
    completion = {fixture}.{create}
    assert completion.choices[0].message.content
"""

CASSETTE_TEST = """
@pytest.mark.openai_cassette({cassette!r})
def test_chat_{number}(openai_client):
    completion = openai_client.{create}
    assert completion.choices[0].message.content
"""

RESPONSES_HEADER = """
import openai
import openai_responses

ANSWER = {
    "choices": [
        {
            "index": 0,
            "finish_reason": "stop",
            "message": {"role": "assistant", "content": "Hello! How can I help?"},
        }
    ]
}
"""

RESPONSES_TEST = """
@openai_responses.mock()
def test_chat_{number}(openai_mock):
    openai_mock.chat.completions.create.response = ANSWER
    client = openai.OpenAI(api_key="sk-test")
    completion = client.{create}
    assert completion.choices[0].message.content
    assert openai_mock.chat.completions.create.route.call_count == 1
"""

BARE_CONFTEST = """
import httpx
import pytest

from {package} import OpenAI

BODY = {body!r}
HEADERS = {headers!r}


def _answer(request):
    return httpx.Response(200, headers=HEADERS, content=BODY)


@pytest.fixture
def chat_client():
    client = OpenAI(api_key="sk-test", http_client=httpx.Client(transport=httpx.MockTransport(_answer)))
    yield client
    client.close()
"""

EMPTY_TEST = """
def test_empty_{number}():
    pass
"""


@dataclass(frozen=True)
class Variant:
    """One way of giving a test a mocked chat completion."""

    key: str
    name: str
    plugins: frozenset[str]  # pytest11 entry point values left on; every other one is off
    header: str  # module-level code of every test module, the empty ones included
    test: str  # one test: a template taking {number}, {create} and {cassette}
    conftest: str = ""
    extra_args: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()  # modules that must be importable
    goal: bool = False  # the 5 ms goal applies (openai-kit's fixtures)
    reference: str = ""  # the figure for it, measured on another machine
    cassette: bool = False  # needs a recorded one-interaction cassette


def _bare_conftest(package: str) -> str:
    return BARE_CONFTEST.format(
        package=package, body=chat_completion_body(), headers=dict(JSON_HEADERS)
    )


VARIANTS: tuple[Variant, ...] = (
    Variant(
        "kit-fixture",
        "openai-kit `openai_client` fixture",
        frozenset({KIT_PLUGIN}),
        KIT_HEADER,
        FIXTURE_TEST.replace("{fixture}", "openai_client"),
        goal=True,
    ),
    Variant(
        "kit-official",
        "openai-kit `official_openai_client` fixture (official client)",
        frozenset({KIT_PLUGIN}),
        OFFICIAL_HEADER,
        FIXTURE_TEST.replace("{fixture}", "official_openai_client"),
        goal=True,
    ),
    Variant(
        "kit-cassette",
        "openai-kit `openai_client` + `@pytest.mark.openai_cassette`, replay",
        frozenset({KIT_PLUGIN}),
        "import pytest\n" + KIT_HEADER,
        CASSETTE_TEST,
        extra_args=("--openai-record-mode", "none"),
        goal=True,
        cassette=True,
    ),
    Variant(
        "openai-responses",
        "openai-responses: `@openai_responses.mock()` + `openai_mock`, official client",
        frozenset({RESPONSES_PLUGIN}),
        RESPONSES_HEADER + MESSAGES,
        RESPONSES_TEST,
        needs=("openai_responses", "openai"),
        reference="93 ms",
    ),
    Variant(
        "bare-official",
        "bare `httpx.MockTransport` fixture, official client",
        frozenset(),
        MESSAGES,
        FIXTURE_TEST.replace("{fixture}", "chat_client"),
        conftest=_bare_conftest("openai"),
        needs=("openai",),
        reference="3.6 ms",
    ),
    Variant(
        "bare-kit",
        "bare `httpx.MockTransport` fixture, openai-kit client",
        frozenset(),
        MESSAGES,
        FIXTURE_TEST.replace("{fixture}", "chat_client"),
        conftest=_bare_conftest("openai_kit"),
    ),
)


# --------------------------------------------------------------------------------------------
# Suites
# --------------------------------------------------------------------------------------------

SUITES = ("empty", "first", "full")  # N empty tests; 1 real + N-1 empty; N real


def plugin_arguments(variant: Variant) -> tuple[list[str], str | None]:
    """``-p`` options leaving on exactly the variant's plugins; the reason when it cannot run."""
    arguments: list[str] = []
    found: set[str] = set()
    for entry in importlib.metadata.entry_points(group="pytest11"):
        if entry.value in variant.plugins:
            found.add(entry.value)
        else:
            arguments += ["-p", f"no:{entry.name}"]
    for module in sorted(variant.plugins - found):
        if module != KIT_PLUGIN:
            return arguments, f"{module.split('.')[0]} is not installed"
        arguments += ["-p", module]  # a checkout without the entry point registered
    for module in variant.needs:
        if importlib.util.find_spec(module) is None:
            return arguments, f"{module} is not installed"
    return arguments, None


def _answer(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, headers=JSON_HEADERS, content=chat_completion_body())


def record_cassette(path: Path) -> None:
    """One chat completion, recorded by openai-kit's cassette engine, as the tests send it."""
    with Cassette.open(path, record_mode=RecordMode.ALL) as cassette:
        transport = cassette.wrap_sync(httpx.MockTransport(_answer))
        client = openai_kit.OpenAI(api_key="sk-test", http_client=httpx.Client(transport=transport))
        client.chat.completions.create(
            model="gpt-4o-mini", messages=[{"role": "user", "content": "Hello"}]
        )
        client.close()


def write_suite(folder: Path, variant: Variant, tests: int, real: int, cassette: Path) -> None:
    """``tests`` tests in modules of 50: the first ``real`` make the call, the rest are empty."""
    folder.mkdir(parents=True)
    (folder / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    (folder / "conftest.py").write_text(textwrap.dedent(variant.conftest), encoding="utf-8")
    for start in range(0, tests, PER_MODULE):
        parts = [variant.header]
        for number in range(start, min(start + PER_MODULE, tests)):
            template = variant.test if number < real else EMPTY_TEST
            parts.append(template.format(number=number, create=CREATE, cassette=str(cassette)))
        module = folder / f"test_generated_{start // PER_MODULE:03d}.py"
        module.write_text("".join(parts), encoding="utf-8")


def _environment() -> dict[str, str]:
    """The current environment without pytest's and OpenAI's own variables."""
    prefixes = ("PYTEST_", "OPENAI_", "AZURE_OPENAI_")
    return {k: v for k, v in os.environ.items() if not k.startswith(prefixes)}


_PASSED = re.compile(r"\b(\d+) passed\b")


def run_suite(folder: Path, arguments: Sequence[str], expected: int) -> tuple[float, str | None]:
    """Wall time of ``python -m pytest -q`` on ``folder``; an error unless all tests passed."""
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *arguments, "."]
    begin = time.perf_counter()
    done = subprocess.run(
        command, cwd=folder, env=_environment(), capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - begin
    lines = (done.stdout + done.stderr).strip().splitlines()
    last = lines[-1] if lines else f"exit code {done.returncode}, no output"
    counted = _PASSED.search(last)
    if done.returncode != 0 or counted is None or int(counted.group(1)) != expected:
        return elapsed, f"{folder.name}: {last[:200]}"
    return elapsed, None
