"""Search over several vector stores at once: the search endpoint's and the Responses
``file_search`` tool's ranking, written once."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from openai_kit.mockserver.api.vector_stores.store import SearchHit, VectorStoresStore

__all__ = ["search_stores"]


def search_stores(
    stores: VectorStoresStore,
    store_ids: Sequence[str],
    query: str,
    options: Mapping[str, Any],
    *,
    default_limit: int,
) -> list[SearchHit]:
    """The best chunks of ``store_ids`` for ``query``, best first (ties by chunk).

    ``options`` is what both callers take: ``filters``, ``ranking_options.score_threshold``
    and ``max_num_results`` (``default_limit`` when unset).
    """
    ranking = options.get("ranking_options") or {}
    limit = int(options.get("max_num_results") or default_limit)
    hits: list[SearchHit] = []
    for store_id in store_ids:
        hits += stores.search(
            store_id,
            query,
            filters=options.get("filters"),
            threshold=float(ranking.get("score_threshold") or 0.0),
            limit=limit,
        )
    hits.sort(key=lambda hit: (-hit[0], hit[1].key))
    return hits[:limit]
