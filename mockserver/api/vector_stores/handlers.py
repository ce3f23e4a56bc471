"""Handlers of the vector stores API: stores, their files, file batches and search."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from openai_kit.mockserver import _params as P
from openai_kit.mockserver._call import Call, JSONReply, Reply
from openai_kit.mockserver.api.vector_stores.search import search_stores
from openai_kit.mockserver.api.vector_stores.store import FileSpec, VectorStoresStore
from openai_kit.mockserver.api.vector_stores.validate import (
    check_attributes,
    check_batch_body,
    check_create_body,
    check_file_body,
    check_search_body,
    check_update_body,
    chunking,
)

if TYPE_CHECKING:
    from openai_kit.mockserver._core import ServerCore

__all__ = [
    "file_batches_cancel",
    "file_batches_create",
    "file_batches_list_files",
    "file_batches_retrieve",
    "files_content",
    "files_create",
    "files_delete",
    "files_list",
    "files_retrieve",
    "files_update",
    "vector_stores_create",
    "vector_stores_delete",
    "vector_stores_list",
    "vector_stores_retrieve",
    "vector_stores_search",
    "vector_stores_update",
]

_FILE_STATES = ("in_progress", "completed", "failed", "cancelled")


def _ids(call: Call) -> tuple[str, str]:
    return call.path_params["vector_store_id"], call.path_params.get("file_id", "")


def _paging(call: Call) -> dict[str, Any]:
    return P.list_params(call.query)._asdict()


def _status_filter(call: Call) -> str | None:
    value = call.query.get("filter")
    if value is None:
        return None
    P.check_enum("filter", value, _FILE_STATES)
    return str(value)


def vector_stores_create(core: ServerCore, call: Call) -> Reply:
    body = call.json
    strategy = check_create_body(body)
    specs: list[FileSpec] = [(file_id, strategy, None) for file_id in body.get("file_ids") or ()]
    created = VectorStoresStore.of(core).create(
        name=body.get("name") or "",
        description=body.get("description"),
        metadata=body.get("metadata"),
        expires_after=body.get("expires_after"),
        files=specs,
    )
    return JSONReply(created)


def vector_stores_list(core: ServerCore, call: Call) -> Reply:
    return JSONReply(VectorStoresStore.of(core).list_stores(**_paging(call)))


def vector_stores_retrieve(core: ServerCore, call: Call) -> Reply:
    return JSONReply(VectorStoresStore.of(core).retrieve(_ids(call)[0]))


def vector_stores_update(core: ServerCore, call: Call) -> Reply:
    check_update_body(call.json)
    return JSONReply(VectorStoresStore.of(core).update(_ids(call)[0], call.json))


def vector_stores_delete(core: ServerCore, call: Call) -> Reply:
    return JSONReply(VectorStoresStore.of(core).delete(_ids(call)[0]))


def search_page(
    store: VectorStoresStore, store_ids: list[str], body: Mapping[str, Any]
) -> dict[str, Any]:
    """The search results page of a checked search body over ``store_ids``."""
    query = body["query"]
    queries = [query] if isinstance(query, str) else list(query)
    if body.get("rewrite_query") is True:
        queries = [store.rewrite(q) for q in queries]
    hits = search_stores(store, store_ids, " ".join(queries), body, default_limit=10)
    data = [
        {
            "file_id": item.id,
            "filename": item.filename,
            "score": score,
            "attributes": dict(item.attributes),
            "content": [{"type": "text", "text": chunk.text}],
        }
        for score, chunk, item in hits
    ]
    return {
        "object": "vector_store.search_results.page",
        "search_query": queries,
        "data": data,
        "has_more": False,
        "next_page": None,
    }


def vector_stores_search(core: ServerCore, call: Call) -> Reply:
    check_search_body(call.json)
    return JSONReply(search_page(VectorStoresStore.of(core), [_ids(call)[0]], call.json))


def _spec(body: Mapping[str, Any], param: str = "") -> FileSpec:
    strategy = check_file_body(param, body)
    return (body["file_id"], strategy, body.get("attributes"))


def files_create(core: ServerCore, call: Call) -> Reply:
    return JSONReply(VectorStoresStore.of(core).add_file(_ids(call)[0], _spec(call.json)))


def files_list(core: ServerCore, call: Call) -> Reply:
    listed = VectorStoresStore.of(core).list_files(
        _ids(call)[0], status=_status_filter(call), **_paging(call)
    )
    return JSONReply(listed)


#: How long the service asks pollers to wait (the official helpers read it).
_POLL_AFTER = {"openai-poll-after-ms": "1000"}


def files_retrieve(core: ServerCore, call: Call) -> Reply:
    return JSONReply(
        VectorStoresStore.of(core).retrieve_file(*_ids(call)), headers=dict(_POLL_AFTER)
    )


def files_update(core: ServerCore, call: Call) -> Reply:
    body = call.json
    P.check_unknown_keys(body, ("attributes",))
    attributes = P.present(body, "attributes", check_attributes)
    return JSONReply(VectorStoresStore.of(core).update_file(*_ids(call), attributes))


def files_content(core: ServerCore, call: Call) -> Reply:
    return JSONReply(VectorStoresStore.of(core).file_content(*_ids(call)))


def files_delete(core: ServerCore, call: Call) -> Reply:
    return JSONReply(VectorStoresStore.of(core).delete_file(*_ids(call)))


def file_batches_create(core: ServerCore, call: Call) -> Reply:
    body = call.json
    check_batch_body(body)
    strategy = None
    if body.get("chunking_strategy") is not None:
        strategy = chunking("chunking_strategy", body["chunking_strategy"])
    shared = body.get("attributes")
    if body.get("files") is not None:
        specs = [
            (f["file_id"], _spec(f, f"files[{i}]")[1] or strategy, f.get("attributes", shared))
            for i, f in enumerate(body["files"])
        ]
    else:
        specs = [(file_id, strategy, shared) for file_id in body["file_ids"]]
    return JSONReply(VectorStoresStore.of(core).create_batch(_ids(call)[0], specs))


def file_batches_retrieve(core: ServerCore, call: Call) -> Reply:
    batch = VectorStoresStore.of(core).retrieve_batch(_ids(call)[0], call.path_params["batch_id"])
    return JSONReply(batch, headers=dict(_POLL_AFTER))


def file_batches_cancel(core: ServerCore, call: Call) -> Reply:
    return JSONReply(
        VectorStoresStore.of(core).cancel_batch(_ids(call)[0], call.path_params["batch_id"])
    )


def file_batches_list_files(core: ServerCore, call: Call) -> Reply:
    store_id, batch_id = _ids(call)[0], call.path_params["batch_id"]
    store = VectorStoresStore.of(core)
    store.batch_store(store_id, batch_id)
    listed = store.list_files(
        store_id, status=_status_filter(call), batch_id=batch_id, **_paging(call)
    )
    return JSONReply(listed)
