"""Markers that could not act, scripts left unused and mistyped keywords are errors, not no-ops."""

from __future__ import annotations

import pytest

from tests.pytest_plugin.conftest import Inner, RunInner

NO_FIXTURE = """
import pytest
from openai_kit.mockserver import faults

@pytest.mark.openai_fault(faults.status(500))
def test_fault_without_fixture():
    pass

@pytest.mark.openai_cassette
def test_cassette_without_fixture():
    pass

@pytest.mark.openai_cassette
def test_cassette_with_the_mock_only(openai_mock):
    pass

@pytest.mark.openai_fault(faults.status(500))
@pytest.mark.usefixtures("openai_mock")
def test_fault_with_usefixtures():
    pass

@pytest.mark.openai_cassette
def test_cassette_with_a_client(openai_client):
    pass
"""


def test_a_marker_on_a_test_without_the_fixture_is_an_error(
    pytester: pytest.Pytester, run: RunInner
) -> None:
    pytester.makepyfile(NO_FIXTURE)
    result = run("--openai-record-mode", "none")
    result.assert_outcomes(passed=2, errors=3)
    result.stdout.fnmatch_lines_random(
        [
            "@pytest.mark.openai_fault on test_fault_without_fixture does nothing: the test uses "
            "no openai-kit fixture. Add openai_mock (or a client fixture such as openai_client) "
            "to the test's arguments, *",
            "@pytest.mark.openai_cassette on test_cassette_without_fixture does nothing: only "
            "openai-kit's client fixtures (openai_client, async_openai_client, *) record and "
            "replay cassettes, and the test uses none of them. *",
            "@pytest.mark.openai_cassette on test_cassette_with_the_mock_only does nothing: *",
        ]
    )


UNUSED = """
import pytest

def test_unused(openai_mock):
    openai_mock.script("chat.completions.create", content="never asked for")

def test_used(openai_client, openai_mock):
    openai_mock.script("models.list", body={"object": "list", "data": []})
    assert openai_client.models.list().data == []

def test_unlimited_scripts_are_never_left_over(openai_mock):
    openai_mock.script("chat.completions.create", content="any", times=None)

@pytest.mark.openai_allow_unused_scripts
def test_allowed(openai_mock):
    openai_mock.script("chat.completions.create", content="spare")

def test_failed_anyway(openai_mock):
    openai_mock.script("chat.completions.create", content="x")
    assert False, "the real failure"
"""


def test_scripts_left_unused_fail_the_test(pytester: pytest.Pytester, run: RunInner) -> None:
    pytester.makepyfile(UNUSED)
    result = run()
    result.assert_outcomes(passed=4, failed=1, errors=1)
    result.stdout.fnmatch_lines(
        [
            "*ERROR at teardown of test_unused*",
            "openai-kit: 1 scripted response(s) not used: chat.completions.create (*, 1 left) by "
            "the end of the test. *@pytest.mark.openai_allow_unused_scripts *",
        ]
    )
    assert "ERROR at teardown of test_failed_anyway" not in result.stdout.str()


def test_the_ini_allows_unused_scripts(pytester: pytest.Pytester, inner: Inner) -> None:
    pytester.makepyfile(UNUSED)
    inner(ini="openai_allow_unused_scripts = true")().assert_outcomes(passed=4, failed=1)


KEYWORDS = """
import pytest
from openai_kit.mockserver import faults

@pytest.mark.openai_fault(faults.status(500), operatoin="models.list")
def test_fault(openai_mock):
    pass

@pytest.mark.openai_cassette(nmae="x")
def test_cassette(openai_client):
    pass

@pytest.mark.openai_mock(sede=1, latncy=0)
def test_mock(openai_mock):
    pass

@pytest.mark.openai_fault("not a fault")
def test_bad_fault(openai_mock):
    pass
"""


def test_unknown_marker_keywords_are_one_line(pytester: pytest.Pytester, run: RunInner) -> None:
    pytester.makepyfile(KEYWORDS)
    result = run()
    result.assert_outcomes(errors=4)
    result.stdout.fnmatch_lines_random(
        [
            "@pytest.mark.openai_fault: unknown keyword 'operatoin'; valid keywords: operation, "
            "model, deployment, header, times, after, probability, keep_on_reset",
            "@pytest.mark.openai_cassette: unknown keyword 'nmae'; valid keywords: name, match_on",
            "@pytest.mark.openai_mock: unknown keywords 'sede', 'latncy'; valid keywords: seed, *",
            "@pytest.mark.openai_fault: *",
        ]
    )
    output = result.stdout.str()
    for noise in ("Traceback", "During handling", "direct cause", "FaultBook", "MockServer("):
        assert noise not in output
