"""openai-kit's markers: their help lines, their keyword check, and the check that they act.

A marker that would change nothing is an error, not a silent no-op: a test
marked ``openai_fault`` (or ``openai_mock``, ``openai_real_sleep``,
``openai_allow_unused_scripts``) must use a fixture that builds the mock, and
one marked ``openai_cassette`` a client fixture, since only those record and
replay. A keyword a marker does not take fails the test in one line that
lists the keywords it does take.

pytest and the standard library only: loaded with the plugin.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import pytest

__all__ = [
    "CLIENT_FIXTURES",
    "MARKERS",
    "check_keywords",
    "check_markers_act",
    "keywords_of",
]

MARKERS = {
    "openai_mock": (
        "openai_mock(**kwargs): MockServer arguments for this test's openai_mock "
        "(seed=, api_keys=, latency=, deployments=, ...)"
    ),
    "openai_fault": (
        "openai_fault(fault_or_sequence, *, operation=None, model=None, times=None, after=0, "
        "probability=1.0): install a fault on this test's openai_mock (mock.faults.add)"
    ),
    "openai_cassette": (
        "openai_cassette(name=None, *, match_on=None): record and replay this test's OpenAI "
        "traffic through the openai_client fixtures, in cassettes/<module>/<name>.yaml"
    ),
    "openai_real_sleep": (
        "openai_real_sleep: clients really sleep between retries in this test instead of "
        "advancing openai_mock's clock (like --openai-real-sleep)"
    ),
    "openai_allow_unused_scripts": (
        "openai_allow_unused_scripts: scripted responses left unused at the end of this test "
        "do not fail it (like the openai_allow_unused_scripts ini)"
    ),
}

#: The fixtures that send through the test's wiring (mock or cassette).
CLIENT_FIXTURES = (
    "openai_client",
    "async_openai_client",
    "azure_openai_client",
    "async_azure_openai_client",
    "official_openai_client",
    "async_official_openai_client",
)
# The fixture each marker acts through (every public fixture builds openai_mock;
# only the client fixtures build the wiring).
_MOCK = "openai_mock"
_WIRING = "_openai_kit_wiring"
_ACTS_THROUGH = {
    "openai_mock": _MOCK,
    "openai_fault": _MOCK,
    "openai_real_sleep": _MOCK,
    "openai_allow_unused_scripts": _MOCK,
    "openai_cassette": _WIRING,
}


def _fix(marker: str, needed: str) -> str:
    if needed == _WIRING:
        clients = ", ".join(CLIENT_FIXTURES)
        return (
            f"only openai-kit's client fixtures ({clients}) record and replay cassettes, and the "
            "test uses none of them. Add one to the test's arguments, or remove the marker."
        )
    return (
        "the test uses no openai-kit fixture. Add openai_mock (or a client fixture such as "
        f"openai_client) to the test's arguments, or @pytest.mark.usefixtures({_MOCK!r}) when "
        "the code under test builds its own clients, or remove the marker."
    )


def check_markers_act(item: pytest.Item) -> None:
    """Fail ``item`` when one of our markers on it cannot act (it lacks the fixture)."""
    fixtures = set(getattr(item, "fixturenames", ()))
    for marker, needed in _ACTS_THROUGH.items():
        if needed in fixtures or item.get_closest_marker(marker) is None:
            continue
        pytest.fail(
            f"@pytest.mark.{marker} on {item.name} does nothing: {_fix(marker, needed)}",
            pytrace=False,
        )


def keywords_of(func: Callable[..., Any], *, skip: Iterable[str] = ("self",)) -> list[str]:
    """The keyword parameters ``func`` takes, in order (``**kwargs`` and ``skip`` left out)."""
    skipped = set(skip)
    return [
        name
        for name, parameter in inspect.signature(func).parameters.items()
        if name not in skipped
        and parameter.kind in (parameter.POSITIONAL_OR_KEYWORD, parameter.KEYWORD_ONLY)
    ]


def check_keywords(marker: str, given: Mapping[str, object], valid: Iterable[str]) -> None:
    """Fail the test in one line when ``given`` holds a keyword outside ``valid``."""
    allowed = list(valid)
    unknown = [name for name in given if name not in allowed]
    if not unknown:
        return
    names = ", ".join(repr(name) for name in unknown)
    noun = "keyword" if len(unknown) == 1 else "keywords"
    pytest.fail(
        f"@pytest.mark.{marker}: unknown {noun} {names}; valid keywords: {', '.join(allowed)}",
        pytrace=False,
    )
