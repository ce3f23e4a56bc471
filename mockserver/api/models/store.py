"""The models a server lists: its catalogue, plus the fine-tuned models made on it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from openai_kit.mockserver._errors import MockAPIError
from openai_kit.mockserver._ids import alnum_id, hex_id
from openai_kit.mockserver._stores import Kept, State, Store, kept, not_found
from openai_kit.mockserver.generation.catalog import (
    MODELS,
    NO_CUSTOM_MODELS,
    CustomModels,
    ModelInfo,
)

__all__ = ["ModelsStore", "StoredModel", "model_not_found"]

ORGANIZATION = "org-mock"


@dataclass(frozen=True, slots=True)
class StoredModel(ModelInfo):
    """A model the server lists: one of the catalogue, or one fine-tuned from ``base`` by ``job``.

    ``to_dict`` is the OpenAI ``model`` object; :meth:`azure_json` Azure's.
    """

    base: str | None = None
    job: str | None = None

    @classmethod
    def of(cls, info: ModelInfo) -> StoredModel:
        """A model of the catalogue (or of the server's own) as the models endpoints list it."""
        return cls(id=info.id, created=info.created, owned_by=info.owned_by, kind=info.kind)

    @property
    def fine_tuned(self) -> bool:
        return self.base is not None

    def azure_json(self) -> dict[str, Any]:
        """Azure's model object: ``created_at``, capabilities and lifecycle, no ``owned_by``."""
        kind = self.kind
        out: dict[str, Any] = {
            "status": "succeeded",
            "capabilities": {
                "fine_tune": not self.fine_tuned and kind in ("chat", "completion"),
                "inference": kind != "other",
                "completion": kind == "completion",
                "chat_completion": kind == "chat",
                "embeddings": kind == "embedding",
            },
            "lifecycle_status": "generally-available",
            "deprecation": {"inference": self.created + 2 * 365 * 24 * 3600},
            "id": self.id,
            "created_at": self.created,
            "object": "model",
        }
        if self.fine_tuned:
            out["model"] = self.base
            out["fine_tune"] = self.job
        return out


model_not_found = not_found(
    "The model `{}` does not exist or you do not have access to it.", code="model_not_found"
)


class ModelsStore(Store):
    """The catalogue's models, the server's own (``custom``, set by the server) and the
    fine-tuned ones (``add_fine_tuned_model``)."""

    area: ClassVar[str] = "models"
    catalogue: Mapping[str, ModelInfo] = MODELS
    _fine_tuned: Kept[StoredModel] = kept("fine_tuned_models", StoredModel.to_dict)

    def __init__(self, state: State) -> None:
        super().__init__(state)
        self.custom: CustomModels = NO_CUSTOM_MODELS
        self.organization = ORGANIZATION

    def add_fine_tuned_model(
        self, base: str, suffix: str | None = None, *, job: str | None = None
    ) -> str:
        """Create a fine-tuned model of catalogue model ``base``; returns its id."""
        info = self.catalogue.get(base)
        if info is None:
            raise ValueError(f"{base!r} is not a model of the mock's catalogue")
        number = self.next_number()
        with self.lock:
            tail = alnum_id(self.seed, "ft", number, 8)
            model_id = f"ft:{base}:{self.organization}:{suffix or ''}:{tail}"
            self._fine_tuned[model_id] = StoredModel(
                id=model_id,
                created=int(self.now()),
                owned_by=self.organization,
                kind=info.kind,
                base=base,
                job=job or "ftjob-" + hex_id(self.seed, "ftjob", number, 24),
            )
        return model_id

    def _models(self) -> list[StoredModel]:
        base = [StoredModel.of(m) for m in [*self.catalogue.values(), *self.custom.values()]]
        with self.lock:
            return base + list(self._fine_tuned.values())

    def find_model(self, model: str) -> StoredModel | None:
        with self.lock:
            tuned = self._fine_tuned.get(model)
        if tuned is not None:
            return tuned
        info = self.catalogue.get(model) or self.custom.get(model)
        if info is None:
            return None
        return StoredModel.of(info)

    def models_list(self, *, azure: bool = False) -> dict[str, Any]:
        data = [m.azure_json() if azure else m.to_dict() for m in self._models()]
        return {"object": "list", "data": data}

    def models_retrieve(self, model: str, *, azure: bool = False) -> dict[str, Any]:
        found = self.find_model(model)
        if found is None:
            raise model_not_found(model)
        return found.azure_json() if azure else found.to_dict()

    def models_delete(self, model: str) -> dict[str, Any]:
        with self.lock:
            removed = self._fine_tuned.pop(model, None)
        if removed is not None:
            return {"id": model, "object": "model", "deleted": True}
        if model in self.catalogue:
            raise MockAPIError(
                403,
                f"You do not have permission to delete the model `{model}`; only fine-tuned "
                "models owned by your organization can be deleted.",
                code="model_not_deletable",
            )
        raise model_not_found(model)
