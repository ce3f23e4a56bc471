"""Module-level clients (``openai_kit.chat...``, ``openai.chat...``) inside a sandboxed test.

For each package that is imported (``openai_kit`` always is, the plugin lives
in it; the official ``openai`` when the code under test imported it) a test
starts with no module-level client and ends with none, and the package's
settings (``api_key``, ``base_url``, ``api_type`` ...) are put back as they
were: a module-level client built in one test, pointed at that test's mock,
never answers in another. While the test runs, an ``api_type`` nobody set
reads ``"openai"``: the sandbox sets both the OpenAI and the Azure variables
(so that either kind of client reaches the mock), which a module-level client
would otherwise call ambiguous. A test sets ``openai_kit.api_type = "azure"``
to get the Azure one.
"""

from __future__ import annotations

import sys
from types import ModuleType
from typing import Any

import openai_kit

__all__ = ["ModuleClients"]

PACKAGES = ("openai_kit", "openai")
SETTINGS = openai_kit._MODULE_SETTINGS  # the official package uses the same names
_ABSENT = object()
# the modules whose presence says a module-level client may exist (importing them would load it)
_CLIENT_MODULES = {"openai_kit": "openai_kit._module_client", "openai": "openai"}


def _reset(name: str, package: ModuleType) -> None:
    if _CLIENT_MODULES[name] not in sys.modules:
        return  # no module-level client was ever built
    reset = getattr(package, "_reset_client", None)
    if callable(reset):
        reset()


class ModuleClients:
    """Takes the module-level clients' state on creation; :meth:`restore` puts it back."""

    def __init__(self) -> None:
        self._saved: dict[str, tuple[ModuleType, dict[str, Any]]] = {}
        for name in PACKAGES:
            package = sys.modules.get(name)
            if package is None:
                continue
            values = vars(package)
            self._saved[name] = (package, {key: values.get(key, _ABSENT) for key in SETTINGS})
            _reset(name, package)
            if values.get("api_type") is None:
                values["api_type"] = "openai"

    def restore(self) -> None:
        for name in PACKAGES:
            package = sys.modules.get(name)
            if package is not None and name not in self._saved:
                _reset(name, package)  # imported during the test: its client goes at least
        for name, (package, saved) in self._saved.items():
            _reset(name, package)
            values = vars(package)
            for key, value in saved.items():
                if value is _ABSENT:
                    values.pop(key, None)
                else:
                    values[key] = value
