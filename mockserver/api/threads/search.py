"""The ``file_search`` tool of runs, over the server's vector stores.

The query is the thread's last user message. The run step records the ranked
results; the answer quotes the best chunk of each file found (up to three) and
cites it with a ``file_citation`` annotation on a ``【n:m†source】`` marker.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from openai_kit.mockserver._stores import State

__all__ = ["file_search"]

_CITED_FILES: Final = 3
_SNIPPET: Final = 240
_NOTHING: Final = "I could not find anything about that in the files."


def _snippet(text: str) -> str:
    flat = " ".join(text.split())
    if len(flat) > _SNIPPET:
        flat = flat[:_SNIPPET].rsplit(" ", 1)[0] + "..."
    return flat


def file_search(
    state: State, store_ids: Sequence[str], query: str, options: Mapping[str, Any]
) -> tuple[dict[str, Any], str, list[dict[str, Any]]]:
    """The step's ``file_search`` details, the answer's text and its annotations."""
    from openai_kit.mockserver.api.vector_stores.store import VectorStoresStore  # see resources

    stores = state.get(VectorStoresStore)
    ranking = options.get("ranking_options") or {}
    threshold = float(ranking.get("score_threshold") or 0.0)
    limit = int(options.get("max_num_results") or 20)
    hits = []
    for store_id in store_ids:
        hits += stores.search(store_id, query, filters=None, threshold=threshold, limit=limit)
    hits.sort(key=lambda hit: (-hit[0], hit[1].key))
    hits = hits[:limit]
    details = {
        "ranking_options": {
            "ranker": ranking.get("ranker") or "default_2024_08_21",
            "score_threshold": threshold,
        },
        "results": [
            {"file_id": f.id, "file_name": f.filename, "score": score} for score, _chunk, f in hits
        ],
    }
    text = ""
    annotations: list[dict[str, Any]] = []
    seen: list[str] = []
    for _score, chunk, f in hits:
        if f.id in seen or len(seen) == _CITED_FILES:
            continue
        marker = f"【{len(seen)}:0†source】"
        seen.append(f.id)
        text += ("" if not text else " ") + _snippet(chunk.text)
        start = len(text)
        text += marker
        annotations.append(
            {
                "type": "file_citation",
                "text": marker,
                "start_index": start,
                "end_index": start + len(marker),
                "file_citation": {"file_id": f.id},
            }
        )
    return details, text or _NOTHING, annotations
