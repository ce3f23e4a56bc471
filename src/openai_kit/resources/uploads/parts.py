"""``client.uploads.parts``: add one part (at most 64 MB) to an upload."""

from __future__ import annotations

from typing_extensions import Unpack

from ..._files import to_httpx_file
from ..._options import FinalRequestOptions
from ..._resource import AsyncAPIResource, SyncAPIResource, make_options
from ..._types import RequestOptions, split_request_options
from ...types.uploads.part_create_params import PartCreateParams
from ...types.uploads.upload_part import UploadPart
from .._paths import path_param

__all__ = ["AsyncParts", "Parts"]


class PartCreateKwargs(PartCreateParams, RequestOptions, total=False):
    """The keyword arguments of ``uploads.parts.create``."""


def _create_options(upload_id: str, params: PartCreateKwargs) -> FinalRequestOptions:
    body, request_options = split_request_options(params)
    data = body.pop("data")
    path = f"/uploads/{path_param('upload_id', upload_id)}/parts"
    return make_options(
        "post", path, body=body, files=[("data", to_httpx_file(data))], **request_options
    )


class Parts(SyncAPIResource):
    def create(self, upload_id: str, **params: Unpack[PartCreateKwargs]) -> UploadPart:
        """Add a part (``data`` as bytes, a path, a file object or a tuple) to an upload."""
        return self._call(UploadPart, _create_options(upload_id, params))


class AsyncParts(AsyncAPIResource):
    async def create(self, upload_id: str, **params: Unpack[PartCreateKwargs]) -> UploadPart:
        """Add a part (``data`` as bytes, a path, a file object or a tuple) to an upload."""
        return await self._call(UploadPart, _create_options(upload_id, params))
