"""The Assistants API's assistants (OpenAI, and Azure on its classic routes)."""

from __future__ import annotations

from openai_kit.mockserver._operation import Area, ObjectKind
from openai_kit.mockserver.api.assistants.handlers import (
    assistants_create,
    assistants_delete,
    assistants_list,
    assistants_retrieve,
    assistants_update,
)
from openai_kit.mockserver.api.assistants.store import AssistantsStore

__all__ = ["AREA"]

_ASSISTANT = ObjectKind("beta.assistants", "/assistants/{assistant_id}", azure="classic")

AREA = Area(
    "assistants",
    (
        _ASSISTANT.create(assistants_create),
        _ASSISTANT.list(assistants_list),
        _ASSISTANT.retrieve(assistants_retrieve),
        _ASSISTANT.update(assistants_update),
        _ASSISTANT.delete(assistants_delete),
    ),
    stores=(AssistantsStore,),
)
