"""``client.fine_tuning.alpha.graders``: run a grader on a sample, or check that one is valid."""

from __future__ import annotations

from typing_extensions import Unpack

from ...._options import FinalRequestOptions
from ...._resource import AsyncAPIResource, SyncAPIResource, make_options
from ...._types import RequestOptions, split_request_options
from ....types.fine_tuning.alpha.grader_run_params import GraderRunParams
from ....types.fine_tuning.alpha.grader_run_response import GraderRunResponse
from ....types.fine_tuning.alpha.grader_validate_params import GraderValidateParams
from ....types.fine_tuning.alpha.grader_validate_response import GraderValidateResponse

__all__ = ["AsyncGraders", "Graders"]


class GraderRunKwargs(GraderRunParams, RequestOptions, total=False):
    """The keyword arguments of ``fine_tuning.alpha.graders.run``."""


class GraderValidateKwargs(GraderValidateParams, RequestOptions, total=False):
    """The keyword arguments of ``fine_tuning.alpha.graders.validate``."""


def _options(action: str, params: GraderRunKwargs | GraderValidateKwargs) -> FinalRequestOptions:
    body, request_options = split_request_options(params)
    path = f"/fine_tuning/alpha/graders/{action}"
    return make_options("post", path, body=body, **request_options)


class Graders(SyncAPIResource):
    def run(self, **params: Unpack[GraderRunKwargs]) -> GraderRunResponse:
        """Grade ``model_sample`` (against ``item``) with ``grader``: the reward and its details."""
        return self._call(GraderRunResponse, _options("run", params))

    def validate(self, **params: Unpack[GraderValidateKwargs]) -> GraderValidateResponse:
        """Check that a grader is well formed; the answer echoes it."""
        return self._call(GraderValidateResponse, _options("validate", params))


class AsyncGraders(AsyncAPIResource):
    async def run(self, **params: Unpack[GraderRunKwargs]) -> GraderRunResponse:
        """Grade ``model_sample`` (against ``item``) with ``grader``: the reward and its details."""
        return await self._call(GraderRunResponse, _options("run", params))

    async def validate(self, **params: Unpack[GraderValidateKwargs]) -> GraderValidateResponse:
        """Check that a grader is well formed; the answer echoes it."""
        return await self._call(GraderValidateResponse, _options("validate", params))
