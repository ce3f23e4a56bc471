"""``client.embeddings``: embedding vectors for text or tokens.

Without ``encoding_format`` the client asks for base64 (a quarter of the
bytes on the wire) and decodes it back into lists of floats, so callers
always get floats unless they ask for base64 themselves.
"""

from __future__ import annotations

import base64
import json
import sys
from array import array
from collections.abc import Callable
from importlib.util import find_spec
from typing import Any

from typing_extensions import Unpack

from .._models import validate_python
from .._options import FinalRequestOptions
from .._resource import AsyncAPIResource, SyncAPIResource, make_options
from .._types import RequestOptions, split_request_options
from ..types.create_embedding_response import CreateEmbeddingResponse
from ..types.embedding_create_params import EmbeddingCreateParams

__all__ = ["AsyncEmbeddings", "Embeddings", "decode_base64_embedding"]

_HAS_NUMPY = find_spec("numpy") is not None


def decode_base64_embedding(data: str) -> list[float]:
    """Little-endian float32 values, base64-encoded, as a list of floats."""
    raw = base64.b64decode(data)
    if _HAS_NUMPY:
        import numpy as np

        return np.frombuffer(raw, dtype="<f4").tolist()  # type: ignore[no-any-return]
    values = array("f", raw)
    if sys.byteorder == "big":
        values.byteswap()
    return values.tolist()


def _parse_set_aside(
    content: bytes, strict: bool, convert: Callable[[Any], Any]
) -> CreateEmbeddingResponse:
    """Validate the envelope with the vectors set aside, then put back ``convert(vector)``.

    The vectors are what is large; validating 100 x 1536 values one by one
    would cost more than everything else, and they need no validation when
    they were decoded from base64 here.
    """
    payload: Any = json.loads(content)
    vectors: list[Any] = []
    for item in payload.get("data", ()) if isinstance(payload, dict) else ():
        if isinstance(item, dict):
            vectors.append(item.get("embedding"))
            item["embedding"] = []
    result = validate_python(CreateEmbeddingResponse, payload, strict=strict)
    for embedding, value in zip(result.data, vectors, strict=False):
        object.__setattr__(embedding, "embedding", convert(value))
    return result


def _keep(value: Any) -> Any:
    return value


def _decode(value: Any) -> Any:
    return decode_base64_embedding(value) if isinstance(value, str) else value


def _decoding_parser(content: bytes, strict: bool) -> CreateEmbeddingResponse:
    """A base64 answer the client asked for on the caller's behalf: floats come back."""
    return _parse_set_aside(content, strict, _decode)


def _base64_parser(content: bytes, strict: bool) -> CreateEmbeddingResponse:
    """A base64 answer the caller asked for: the strings are kept as sent."""
    return _parse_set_aside(content, strict, _keep)


class EmbeddingCreateKwargs(EmbeddingCreateParams, RequestOptions, total=False):
    """The keyword arguments of ``embeddings.create``."""


def _options(params: EmbeddingCreateKwargs) -> FinalRequestOptions:
    body, request_options = split_request_options(params)
    requested = body.get("encoding_format")
    if requested is None or not isinstance(requested, str):
        body["encoding_format"] = "base64"
        parser = _decoding_parser
    elif requested == "base64":
        parser = _base64_parser
    else:
        parser = None  # floats: parsed straight from the JSON bytes
    options = make_options("post", "/embeddings", body=body, **request_options)
    options.parser = parser
    return options


class Embeddings(SyncAPIResource):
    def create(self, **params: Unpack[EmbeddingCreateKwargs]) -> CreateEmbeddingResponse:
        """Embed ``input`` with ``model``; vectors come back as lists of floats."""
        return self._call(CreateEmbeddingResponse, _options(params))


class AsyncEmbeddings(AsyncAPIResource):
    async def create(self, **params: Unpack[EmbeddingCreateKwargs]) -> CreateEmbeddingResponse:
        """Embed ``input`` with ``model``; vectors come back as lists of floats."""
        return await self._call(CreateEmbeddingResponse, _options(params))
