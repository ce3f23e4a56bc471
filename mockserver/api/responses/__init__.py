"""The Responses API: create (also background and streamed), retrieve (also as a resumed
stream), delete, cancel, input items, input-token counts."""

from __future__ import annotations

from openai_kit.mockserver._operation import Area, Operation
from openai_kit.mockserver._sse import NAMED
from openai_kit.mockserver.api.responses.handlers import (
    responses_cancel,
    responses_create,
    responses_delete,
    responses_input_items_list,
    responses_input_tokens_count,
    responses_retrieve,
)
from openai_kit.mockserver.api.responses.store import ResponsesStore

__all__ = ["AREA"]

AREA = Area(
    "responses",
    (
        # The literal path first: /responses/input_tokens must not match /responses/{response_id}.
        Operation(
            "responses.input_tokens.count",
            "POST",
            "/responses/input_tokens",
            responses_input_tokens_count,
            body="json",
        ),
        Operation(
            "responses.create",
            "POST",
            "/responses",
            responses_create,
            body="json",
            model=True,
            stream=NAMED,
            content_scripts=True,
        ),
        Operation(
            "responses.retrieve",
            "GET",
            "/responses/{response_id}",
            responses_retrieve,
            stream=NAMED,
        ),
        Operation("responses.delete", "DELETE", "/responses/{response_id}", responses_delete),
        Operation("responses.cancel", "POST", "/responses/{response_id}/cancel", responses_cancel),
        Operation(
            "responses.input_items.list",
            "GET",
            "/responses/{response_id}/input_items",
            responses_input_items_list,
        ),
    ),
    stores=(ResponsesStore,),
)
