"""Handlers of the Responses API: create, retrieve (also as a resumed stream), delete,
cancel, input items and input-token counts.

A create runs the real API's checks in its order: the body
(``validate_responses_request``), the model, the server state
(``previous_response_id``, ``conversation``, ``prompt``, ``item_reference``),
an empty ``input``, then what the model refuses. The answer is planned by
``plan.py`` and kept in the server's
:class:`~openai_kit.mockserver.api.responses.store.ResponsesStore`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from openai_kit.mockserver import _params as P
from openai_kit.mockserver._call import Call, JSONReply, Reply, StreamReply
from openai_kit.mockserver._errors import MockAPIError, deployment_not_found
from openai_kit.mockserver.api.responses.hosted import plan_hosted
from openai_kit.mockserver.api.responses.items import (
    IdFactory,
    count_input_tokens,
    items_text,
    normalize_items,
)
from openai_kit.mockserver.api.responses.plan import (
    PlanRequest,
    ResponsePlan,
    plan_response,
    plan_scripted_response,
)
from openai_kit.mockserver.api.responses.render import ResponseMeta
from openai_kit.mockserver.api.responses.store import ResponsesStore, StoredResponse
from openai_kit.mockserver.api.responses.validate import (
    check_for_model,
    check_json_mention,
    check_nonempty_input,
    resolve_responses_model,
    validate_input_tokens_request,
    validate_responses_request,
)
from openai_kit.mockserver.generation.catalog import ModelInfo

if TYPE_CHECKING:
    from openai_kit.mockserver._core import ServerCore

__all__ = [
    "responses_cancel",
    "responses_create",
    "responses_delete",
    "responses_input_items_list",
    "responses_input_tokens_count",
    "responses_retrieve",
]

_OUTPUTS = {"function_call_output": "function_call", "custom_tool_call_output": "custom_tool_call"}


def _model(core: ServerCore, call: Call, name: str) -> tuple[ModelInfo, str]:
    """The catalogue model and the name the response shows (Azure: the deployment)."""
    if not call.azure:
        info = resolve_responses_model(name, custom=core.custom_models)
        return info, info.response_model
    model = core.deployment_model(name)
    if model is None:
        raise deployment_not_found()
    return resolve_responses_model(model, azure=True, custom=core.custom_models), name


def _conversation_id(body: Mapping[str, Any]) -> str | None:
    value = body.get("conversation")
    if isinstance(value, Mapping):
        return str(value["id"])
    return value if isinstance(value, str) else None


def _context(store: ResponsesStore, body: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The items the request carries in from its previous response or its conversation."""
    prompt = body.get("prompt")
    if isinstance(prompt, Mapping):
        raise MockAPIError(404, f"Prompt with id '{prompt.get('id', '')}' not found.")
    previous = body.get("previous_response_id")
    if isinstance(previous, str):
        return store.previous_context(previous)
    conversation = _conversation_id(body)
    if conversation is not None:
        return store.conversation_context(conversation)
    return []


def _check_outputs_answer_calls(items: Sequence[Mapping[str, Any]]) -> None:
    called = {
        (item.get("type"), item.get("call_id"))
        for item in items
        if item.get("type") in _OUTPUTS.values()
    }
    for item in items:
        kind = item.get("type")
        if kind in _OUTPUTS and (_OUTPUTS[kind], item.get("call_id")) not in called:
            raise MockAPIError(
                400,
                f"No tool call found for function call output with call_id {item.get('call_id')}.",
                param="input",
            )


def _input_items(
    store: ResponsesStore,
    body: Mapping[str, Any],
    new_id: IdFactory,
    *,
    required: bool = True,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(carried context, this request's input) as stored items; the state checks run here."""
    context = _context(store, body)
    value = body.get("input")
    new = normalize_items(value, new_id, store.resolve_item) if value else []
    _check_outputs_answer_calls([*context, *new])
    if required:
        check_nonempty_input(body)
    check_json_mention(body, items_text([*context, *new]))
    return context, new


def _plan(
    core: ServerCore,
    call: Call,
    body: Mapping[str, Any],
    info: ModelInfo,
    items: Sequence[dict[str, Any]],
    output_id: IdFactory,
) -> ResponsePlan:
    request = PlanRequest(core.gen_context(azure=call.azure), body, info, items, output_id)
    script = call.script
    if script is not None and script.kind == "reply":
        return plan_scripted_response(
            request,
            content=script.content,
            tool_calls=script.tool_calls or [],
            finish_reason=script.finish_reason,
        )
    hosted = plan_hosted(core.state, body, items, output_id)
    return plan_response(request, hosted)


def responses_create(core: ServerCore, call: Call) -> Reply:
    body = call.json
    validate_responses_request(body)
    info, shown = _model(core, call, body["model"])
    store = ResponsesStore.of(core)
    context, new = _input_items(store, body, store.new_item_id)
    check_for_model(body, info)
    items = [*context, *new]
    response_id, output_id = store.new_response_ids()
    plan = _plan(core, call, body, info, items, output_id)
    now = store.now()
    background = body.get("background") is True
    stored = body.get("store") is not False
    instructions = body.get("instructions")
    prompt = " ".join(t for t in [instructions or "", *items_text(items)] if t)
    meta = ResponseMeta(
        id=response_id,
        created_at=int(now),
        body=body,
        model=shown,
        azure=call.azure,
        background=background,
        store=stored,
        previous_response_id=body.get("previous_response_id"),
        conversation_id=_conversation_id(body),
        prompt=prompt,
    )
    record = StoredResponse(meta, plan, now, items, kept=stored or background)
    store.add_response(record, new, streamed=call.streaming)
    if call.streaming:
        return StreamReply(record.events())
    return JSONReply(record.render(now))


def responses_retrieve(core: ServerCore, call: Call) -> Reply:
    store = ResponsesStore.of(core)
    response_id = call.path_params["response_id"]
    if not P.flag_query(call.query, "stream"):
        return JSONReply(store.retrieve(response_id))
    raw = call.query.get("starting_after")
    starting_after = None if raw is None else P.integer_query("starting_after", raw, 0)
    return StreamReply(store.stream_events(response_id, starting_after))


def responses_delete(core: ServerCore, call: Call) -> Reply:
    return JSONReply(ResponsesStore.of(core).delete(call.path_params["response_id"]))


def responses_cancel(core: ServerCore, call: Call) -> Reply:
    return JSONReply(ResponsesStore.of(core).cancel(call.path_params["response_id"]))


def responses_input_items_list(core: ServerCore, call: Call) -> Reply:
    params = P.list_params(call.query)
    listed = ResponsesStore.of(core).input_items(
        call.path_params["response_id"], after=params.after, limit=params.limit, order=params.order
    )
    return JSONReply(listed)


def responses_input_tokens_count(core: ServerCore, call: Call) -> Reply:
    body = call.json
    validate_input_tokens_request(body)
    info = _model(core, call, body["model"])[0] if isinstance(body.get("model"), str) else None
    store = ResponsesStore.of(core)
    context, new = _input_items(store, body, lambda prefix: f"{prefix}_count", required=False)
    if info is not None:
        check_for_model(body, info)
    total = count_input_tokens([*context, *new], body)
    return JSONReply({"object": "response.input_tokens", "input_tokens": total})
