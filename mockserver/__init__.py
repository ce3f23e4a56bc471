"""An OpenAI and Azure OpenAI emulator for tests and offline development.

``MockServer`` holds a Starlette app (``.app``), its state, a request journal
(``.requests``), scripted responses (``.script(...)``) and injected faults
(``.faults``, built with :mod:`openai_kit.mockserver.faults`); it wires clients to
itself in process (``.client()``, ``.async_client()``, ``.azure_client()``,
``.async_azure_client()``) or serves live (``with mock.live() as url``).
From a shell: ``python -m openai_kit.mockserver`` or ``openai-kit-mock``.
"""

from __future__ import annotations

from openai_kit.mockserver import faults as faults  # the fault builders, a submodule
from openai_kit.mockserver._clock import Clock
from openai_kit.mockserver._errors import AzureGatewayError, MockAPIError
from openai_kit.mockserver._faults_book import FaultBook, FaultHit, FaultRule, JournalEntry
from openai_kit.mockserver._journal import RecordedRequest, RequestJournal
from openai_kit.mockserver._scripts import Script, ScriptBook
from openai_kit.mockserver._server import MockServer
from openai_kit.mockserver._transport import AsyncMockTransport, MockTransport

__all__ = [
    "AsyncMockTransport",
    "AzureGatewayError",
    "Clock",
    "FaultBook",
    "FaultHit",
    "FaultRule",
    "JournalEntry",
    "MockAPIError",
    "MockServer",
    "MockTransport",
    "RecordedRequest",
    "RequestJournal",
    "Script",
    "ScriptBook",
]

for _name in __all__:
    globals()[_name].__module__ = __name__
del _name
