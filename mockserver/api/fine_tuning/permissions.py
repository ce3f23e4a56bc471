"""Checkpoint permissions: which projects may use a fine-tuned model checkpoint."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from openai_kit.mockserver._errors import MockAPIError
from openai_kit.mockserver._ids import alnum_id
from openai_kit.mockserver._paging import list_object, page
from openai_kit.mockserver._stores import Kept, Store, kept, not_found
from openai_kit.mockserver.api.fine_tuning.store import FineTuningStore
from openai_kit.mockserver.api.models.store import ModelsStore

__all__ = ["PermissionsStore"]


_checkpoint_not_found = not_found(
    "Fine-tuned model checkpoint {} not found.", param="fine_tuned_model_checkpoint"
)


class PermissionsStore(Store):
    """Permissions by checkpoint, each ``{id, object, created_at, project_id}``."""

    area: ClassVar[str] = "fine_tuning"
    #: Shown by :meth:`snapshot`, each permission with its checkpoint.
    _by_checkpoint: Kept[list[dict[str, Any]]] = kept()

    def snapshot(self) -> dict[str, list[dict[str, Any]]]:
        with self.lock:
            return {
                "checkpoint_permissions": [
                    {**p, "fine_tuned_model_checkpoint": name}
                    for name, kept in self._by_checkpoint.items()
                    for p in kept
                ]
            }

    def _check_checkpoint(self, checkpoint: str) -> None:
        model = self.state.get(ModelsStore).find_model(checkpoint)
        if model is not None and model.fine_tuned:
            return
        if not self.state.get(FineTuningStore).knows_checkpoint(checkpoint):
            raise _checkpoint_not_found(checkpoint)

    def create(self, checkpoint: str, project_ids: Sequence[str]) -> dict[str, Any]:
        self._check_checkpoint(checkpoint)
        now = int(self.now())
        with self.lock:
            kept = self._by_checkpoint.setdefault(checkpoint, [])
            known = {p["project_id"] for p in kept}
            for project in project_ids:
                if project in known:
                    raise MockAPIError(
                        400,
                        f"Project {project} already has permission to use {checkpoint}.",
                        param="project_ids",
                    )
            created = []
            for project in project_ids:
                permission = {
                    "object": "checkpoint.permission",
                    "id": self.mint("cp_", "cp", 24, digits=alnum_id).id,
                    "created_at": now,
                    "project_id": project,
                }
                kept.append(permission)
                created.append(dict(permission))
        return list_object(created)

    def list(
        self, checkpoint: str, *, project_id: str | None, after: str | None, limit: int, order: str
    ) -> dict[str, Any]:
        self._check_checkpoint(checkpoint)
        with self.lock:
            kept = [
                dict(p)
                for p in self._by_checkpoint.get(checkpoint, [])
                if project_id is None or p["project_id"] == project_id
            ]
        return page(kept, after=after, limit=limit, order=order)

    def delete(self, checkpoint: str, permission_id: str) -> dict[str, Any]:
        self._check_checkpoint(checkpoint)
        with self.lock:
            kept = self._by_checkpoint.get(checkpoint, [])
            found = [p for p in kept if p["id"] == permission_id]
            if not found:
                raise MockAPIError(
                    404,
                    f"Permission {permission_id} not found for checkpoint {checkpoint}.",
                    param="permission_id",
                )
            kept.remove(found[0])
        return {"object": "checkpoint.permission", "id": permission_id, "deleted": True}
