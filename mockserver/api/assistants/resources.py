"""``tool_resources`` against the server's vector stores.

``file_search.vector_store_ids`` must name existing vector stores (their 404
otherwise); ``file_search.vector_stores`` (the helper that makes one from
``file_ids``) creates the store and is answered as its id, as the API does.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from openai_kit.mockserver._stores import State
    from openai_kit.mockserver.api.vector_stores.store import FileSpec

__all__ = ["store_tool_resources", "vector_store_ids"]


def _chunking(strategy: Any) -> tuple[int, int] | None:
    if isinstance(strategy, Mapping) and strategy.get("type") == "static":
        static = strategy.get("static") or {}
        return int(static["max_chunk_size_tokens"]), int(static["chunk_overlap_tokens"])
    return None


def store_tool_resources(state: State, resources: Mapping[str, Any]) -> dict[str, Any]:
    """Checked ``tool_resources`` as they are stored (helper vector stores created)."""
    out = {key: dict(value) for key, value in resources.items()}
    search = out.get("file_search")
    if search is None:
        return out
    # imported here: the vector stores area imports areas that import this one
    from openai_kit.mockserver.api.vector_stores.store import VectorStoresStore

    stores = state.get(VectorStoresStore)
    ids = [str(i) for i in search.get("vector_store_ids") or ()]
    stores.require(ids)
    for spec in search.pop("vector_stores", None) or ():
        chunking = _chunking(spec.get("chunking_strategy"))
        files: list[FileSpec] = [(str(f), chunking, None) for f in spec.get("file_ids") or ()]
        made = stores.create(
            name="", metadata=spec.get("metadata"), expires_after=None, files=files
        )
        ids.append(str(made["id"]))
    search["vector_store_ids"] = ids
    return out


def vector_store_ids(*resources: Mapping[str, Any] | None) -> list[str]:
    """The vector stores a run searches: those of its assistant's and thread's resources."""
    ids: list[str] = []
    for found in resources:
        for store_id in ((found or {}).get("file_search") or {}).get("vector_store_ids") or ():
            if store_id not in ids:
                ids.append(str(store_id))
    return ids
