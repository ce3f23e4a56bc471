"""The Assistants API's assistants (OpenAI, and Azure on its classic routes)."""

from __future__ import annotations

from openai_kit.mockserver._operation import Area, object_operations
from openai_kit.mockserver.api.assistants.handlers import (
    assistants_create,
    assistants_delete,
    assistants_list,
    assistants_retrieve,
    assistants_update,
)
from openai_kit.mockserver.api.assistants.store import AssistantsStore

__all__ = ["AREA"]

AREA = Area(
    "assistants",
    object_operations(
        "beta.assistants",
        "/assistants/{assistant_id}",
        create=assistants_create,
        list=assistants_list,
        retrieve=assistants_retrieve,
        update=assistants_update,
        delete=assistants_delete,
        azure="classic",
    ),
    stores=(AssistantsStore,),
)
