"""The API areas the mock serves, one package each (``api/<area>/``).

Adding an area is its folder plus one line in :data:`AREAS`. Each area's
``__init__`` declares an :class:`~openai_kit.mockserver._operation.Area`: its
operations and its stores. The server reads everything else from there.

How the server mounts them on its three route families (OpenAI, Azure classic,
Azure v1) is the URL table's business (``_app.py``).
"""

from __future__ import annotations

from openai_kit.mockserver._operation import Area
from openai_kit.mockserver.api import (
    audio,
    batches,
    chat,
    completions,
    containers,
    conversations,
    embeddings,
    evals,
    files,
    fine_tuning,
    images,
    models,
    moderations,
    realtime,
    responses,
    uploads,
    vector_stores,
    videos,
    webhooks,
)

__all__ = ["AREAS"]

AREAS: tuple[Area, ...] = (
    chat.AREA,
    completions.AREA,
    embeddings.AREA,
    moderations.AREA,
    models.AREA,
    files.AREA,
    responses.AREA,
    conversations.AREA,
    fine_tuning.AREA,
    evals.AREA,
    uploads.AREA,
    batches.AREA,
    vector_stores.AREA,
    containers.AREA,
    images.AREA,
    audio.AREA,
    videos.AREA,
    realtime.AREA,
    webhooks.AREA,  # last: delivers in the same tick what the others emitted
)
