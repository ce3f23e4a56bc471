"""pytest plugin for openai-kit: fixtures wired to the mock server, cassettes and fault markers.

Registered through the ``pytest11`` entry point, so installing openai-kit
with its ``testing`` extra is all a test suite needs:

Fixtures
    ``openai_mock`` (a fresh ``MockServer`` per test), ``openai_client``,
    ``async_openai_client``, ``azure_openai_client``,
    ``async_azure_openai_client`` (openai_kit clients wired to it, or to the
    test's cassette), ``official_openai_client``,
    ``async_official_openai_client`` (the same for the official ``openai``
    package) and ``openai_mock_url`` (the mock served live on loopback);
    ``openai_realtime_client`` and ``openai_realtime_url`` for Realtime sessions.
Markers
    ``openai_mock(**kwargs)``, ``openai_fault(...)``, ``openai_cassette(name=None, *, match_on=None)``,
    ``openai_real_sleep``, ``openai_allow_unused_scripts``.
Options
    ``--openai-record-mode`` (ini ``openai_record_mode``; pytest-recording's
    ``--record-mode`` is followed when it alone is given), ``--openai-real-sleep``
    (ini ``openai_real_sleep``), ``--openai-block-network`` (ini
    ``openai_block_network``), ini ``openai_cassette_dir``, ``openai_mock_seed``
    and ``openai_allow_unused_scripts``.

While a fixture is active the test is hermetic: the real ``OPENAI_*`` and
``AZURE_OPENAI_*`` variables are replaced by dummy ones pointing at the mock,
a request of httpx or httpx2 to a host other than loopback fails the test, and
retry waits advance the mock's clock instead of sleeping.
"""

from __future__ import annotations

from openai_kit.pytest_plugin._plugin import (
    MissingExtraError,
    _openai_kit_sandbox,
    _openai_kit_wiring,
    async_azure_openai_client,
    async_official_openai_client,
    async_openai_client,
    azure_openai_client,
    official_openai_client,
    openai_client,
    openai_mock,
    openai_mock_url,
    openai_realtime_client,
    openai_realtime_url,
    pytest_addoption,
    pytest_configure,
    pytest_report_header,
    pytest_runtest_makereport,
    pytest_runtest_setup,
    pytest_unconfigure,
)

__all__ = [
    "MissingExtraError",
    "async_azure_openai_client",
    "async_official_openai_client",
    "async_openai_client",
    "azure_openai_client",
    "official_openai_client",
    "openai_client",
    "openai_mock",
    "openai_mock_url",
    "openai_realtime_client",
    "openai_realtime_url",
    "pytest_addoption",
    "pytest_configure",
    "pytest_report_header",
    "pytest_runtest_makereport",
    "pytest_runtest_setup",
    "pytest_unconfigure",
]

MissingExtraError.__module__ = __name__

# The private fixtures the public ones build on; pytest finds fixtures by name here.
_FIXTURES = (_openai_kit_sandbox, _openai_kit_wiring)
