"""The mock's stateful backend: files and models, as plain Python.

Methods are named after API operations, take parsed arguments and return
the JSON the API sends (OpenAI's shape, or Azure's where Azure differs);
they raise :class:`MockAPIError` for what the real service refuses. The
backend knows nothing about HTTP. Thread-safe; :meth:`Backend.reset` empties it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from openai_kit.mockserver._errors import MockAPIError
from openai_kit.mockserver._ids import alnum_id, hex_id

__all__ = ["FILE_PURPOSES", "Backend", "ModelLike", "StoredFile", "StoredModel"]

# Purposes a client may upload with (the output purposes are the service's own).
FILE_PURPOSES = ("assistants", "batch", "fine-tune", "vision", "user_data", "evals")
_BATCH_EXPIRY = 30 * 24 * 3600


class ModelLike(Protocol):
    """What the backend needs of a catalogue entry."""

    @property
    def id(self) -> str: ...
    @property
    def created(self) -> int: ...
    @property
    def owned_by(self) -> str: ...
    @property
    def kind(self) -> str: ...


@dataclass(frozen=True)
class StoredModel:
    id: str
    created: int
    owned_by: str
    kind: str
    base: str | None = None
    job: str | None = None

    @property
    def fine_tuned(self) -> bool:
        return self.base is not None

    def openai_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "object": "model",
            "created": self.created,
            "owned_by": self.owned_by,
        }

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


@dataclass(frozen=True)
class StoredFile:
    id: str
    filename: str
    purpose: str
    data: bytes
    created_at: int
    expires_at: int | None
    sequence: int

    def to_json(self) -> dict[str, Any]:
        return {
            "object": "file",
            "id": self.id,
            "purpose": self.purpose,
            "filename": self.filename,
            "bytes": len(self.data),
            "created_at": self.created_at,
            "expires_at": self.expires_at,
            "status": "processed",
            "status_details": None,
        }


def _no_such_file(file_id: str) -> MockAPIError:
    return MockAPIError(404, f"No such File object: {file_id}", param="id")


def _model_not_found(model: str) -> MockAPIError:
    return MockAPIError(
        404,
        f"The model `{model}` does not exist or you do not have access to it.",
        code="model_not_found",
    )


class Backend:
    """Files and models of one mock server."""

    def __init__(
        self,
        seed: int,
        catalogue: Mapping[str, ModelLike],
        clock: Callable[[], float],
        organization: str = "org-mock",
    ) -> None:
        self.seed = seed
        self.organization = organization
        self._catalogue = catalogue
        self._clock = clock
        self._lock = threading.Lock()
        self._files: dict[str, StoredFile] = {}
        self._fine_tuned: dict[str, StoredModel] = {}
        self._counter = 0

    def reset(self) -> None:
        with self._lock:
            self._files.clear()
            self._fine_tuned.clear()
            self._counter = 0

    def _next(self) -> int:
        self._counter += 1
        return self._counter

    # -- files ---------------------------------------------------------------

    def files_create(
        self,
        *,
        filename: str,
        purpose: str,
        data: bytes,
        expires_after_seconds: int | None = None,
    ) -> dict[str, Any]:
        if purpose not in FILE_PURPOSES:
            raise MockAPIError(
                400,
                f"Invalid value: '{purpose}'. Supported values are: "
                + ", ".join(f"'{p}'" for p in FILE_PURPOSES)
                + ".",
                param="purpose",
                code="invalid_value",
            )
        now = int(self._clock())
        if expires_after_seconds is None and purpose == "batch":
            expires_after_seconds = _BATCH_EXPIRY
        with self._lock:
            number = self._next()
            stored = StoredFile(
                id="file-" + alnum_id(self.seed, "file", number, 22),
                filename=filename,
                purpose=purpose,
                data=data,
                created_at=now,
                expires_at=None if expires_after_seconds is None else now + expires_after_seconds,
                sequence=number,
            )
            self._files[stored.id] = stored
        return stored.to_json()

    def files_list(
        self,
        *,
        after: str | None = None,
        limit: int = 10_000,
        order: str = "desc",
        purpose: str | None = None,
    ) -> dict[str, Any]:
        with self._lock:
            files = [f for f in self._files.values() if purpose is None or f.purpose == purpose]
        files.sort(key=lambda f: (f.created_at, f.sequence), reverse=order == "desc")
        if after is not None:
            ids = [f.id for f in files]
            files = files[ids.index(after) + 1 :] if after in ids else []
        page = files[:limit]
        return {
            "object": "list",
            "data": [f.to_json() for f in page],
            "first_id": page[0].id if page else None,
            "last_id": page[-1].id if page else None,
            "has_more": len(files) > limit,
        }

    def _file(self, file_id: str) -> StoredFile:
        with self._lock:
            stored = self._files.get(file_id)
        if stored is None:
            raise _no_such_file(file_id)
        return stored

    def files_retrieve(self, file_id: str) -> dict[str, Any]:
        return self._file(file_id).to_json()

    def files_content(self, file_id: str) -> StoredFile:
        return self._file(file_id)

    def files_delete(self, file_id: str) -> dict[str, Any]:
        with self._lock:
            stored = self._files.pop(file_id, None)
        if stored is None:
            raise _no_such_file(file_id)
        return {"object": "file", "id": file_id, "deleted": True}

    # -- models --------------------------------------------------------------

    def add_fine_tuned_model(self, base: str, suffix: str | None = None) -> str:
        """Create a fine-tuned model of catalogue model ``base``; returns its id."""
        info = self._catalogue.get(base)
        if info is None:
            raise ValueError(f"{base!r} is not a model of the mock's catalogue")
        with self._lock:
            number = self._next()
            model_id = f"ft:{base}:{self.organization}:{suffix or ''}:{alnum_id(self.seed, 'ft', number, 8)}"
            self._fine_tuned[model_id] = StoredModel(
                id=model_id,
                created=int(self._clock()),
                owned_by=self.organization,
                kind=info.kind,
                base=base,
                job="ftjob-" + hex_id(self.seed, "ftjob", number, 24),
            )
        return model_id

    def _models(self) -> list[StoredModel]:
        base = [
            StoredModel(id=m.id, created=m.created, owned_by=m.owned_by, kind=m.kind)
            for m in self._catalogue.values()
        ]
        with self._lock:
            return base + list(self._fine_tuned.values())

    def find_model(self, model: str) -> StoredModel | None:
        with self._lock:
            tuned = self._fine_tuned.get(model)
        if tuned is not None:
            return tuned
        info = self._catalogue.get(model)
        if info is None:
            return None
        return StoredModel(id=info.id, created=info.created, owned_by=info.owned_by, kind=info.kind)

    def models_list(self, *, azure: bool = False) -> dict[str, Any]:
        data = [m.azure_json() if azure else m.openai_json() for m in self._models()]
        return {"object": "list", "data": data}

    def models_retrieve(self, model: str, *, azure: bool = False) -> dict[str, Any]:
        found = self.find_model(model)
        if found is None:
            raise _model_not_found(model)
        return found.azure_json() if azure else found.openai_json()

    def models_delete(self, model: str) -> dict[str, Any]:
        with self._lock:
            removed = self._fine_tuned.pop(model, None)
        if removed is not None:
            return {"id": model, "object": "model", "deleted": True}
        if model in self._catalogue:
            raise MockAPIError(
                403,
                f"You do not have permission to delete the model `{model}`; only fine-tuned "
                "models owned by your organization can be deleted.",
                code="model_not_deletable",
            )
        raise _model_not_found(model)
