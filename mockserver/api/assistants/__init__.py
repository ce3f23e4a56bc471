"""The Assistants API's assistants (OpenAI, and Azure on its classic routes)."""

from __future__ import annotations

from openai_kit.mockserver._operation import Area, Operation
from openai_kit.mockserver.api.assistants.handlers import (
    assistants_create,
    assistants_delete,
    assistants_list,
    assistants_retrieve,
    assistants_update,
)
from openai_kit.mockserver.api.assistants.store import AssistantsStore

__all__ = ["AREA"]

_ONE = "/assistants/{assistant_id}"

AREA = Area(
    "assistants",
    (
        Operation(
            "beta.assistants.create",
            "POST",
            "/assistants",
            assistants_create,
            body="json",
            azure="classic",
        ),
        Operation("beta.assistants.list", "GET", "/assistants", assistants_list, azure="classic"),
        Operation("beta.assistants.retrieve", "GET", _ONE, assistants_retrieve, azure="classic"),
        Operation(
            "beta.assistants.update",
            "POST",
            _ONE,
            assistants_update,
            body="json",
            azure="classic",
        ),
        Operation("beta.assistants.delete", "DELETE", _ONE, assistants_delete, azure="classic"),
    ),
    stores=(AssistantsStore,),
)
