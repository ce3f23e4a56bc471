"""The per-request inputs every generator takes besides the request body."""

from __future__ import annotations

from dataclasses import dataclass

from openai_kit.mockserver.generation.catalog import NO_CUSTOM_MODELS, CustomModels

__all__ = ["GenContext"]


@dataclass(frozen=True, slots=True)
class GenContext:
    """What a generator needs to know besides the body.

    ``seed`` is the mock server's seed (same seed and body, same answer);
    ``created`` the unix time stamped on the response; ``azure`` whether the
    request came in on an Azure route, which changes the response shape
    (content-filter annotations, no ``service_tier``); ``custom`` the models
    the server serves besides the catalogue.
    """

    seed: int
    created: int
    azure: bool = False
    custom: CustomModels = NO_CUSTOM_MODELS
