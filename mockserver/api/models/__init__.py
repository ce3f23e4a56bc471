"""Models: the catalogue and fine-tuned models (list, retrieve, delete)."""

from __future__ import annotations

from openai_kit.mockserver._operation import Area, Operation
from openai_kit.mockserver.api.models.handlers import models_delete, models_list, models_retrieve
from openai_kit.mockserver.api.models.store import ModelsStore

__all__ = ["AREA"]

AREA = Area(
    "models",
    (
        Operation("models.list", "GET", "/models", models_list),
        Operation("models.retrieve", "GET", "/models/{model}", models_retrieve),
        # Azure does not delete models through its data plane
        Operation("models.delete", "DELETE", "/models/{model}", models_delete, azure=False),
    ),
    stores=(ModelsStore,),
)
