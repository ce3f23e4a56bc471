"""Handlers of the Responses API: create, retrieve (also as a resumed stream), delete,
cancel, input items and input-token counts.

A create runs the real API's checks in its order: the body
(``validate_responses_request``), the model, the server state
(``previous_response_id``, ``conversation``, ``prompt``, ``item_reference``),
an empty ``input``, then what the model refuses. The answer is planned by
``openai_kit.mockserver.content`` and kept in the server's
:class:`~openai_kit.mockserver._responses_store.ResponsesStore`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from openai_kit.mockserver import content
from openai_kit.mockserver._call import Call, JSONReply, Reply, StreamReply
from openai_kit.mockserver._errors import AzureGatewayError, MockAPIError
from openai_kit.mockserver._pipeline import DEPLOYMENT_NOT_FOUND, Operation
from openai_kit.mockserver._responses_store import ResponsesStore, StoredResponse

if TYPE_CHECKING:
    from openai_kit.mockserver._core import ServerCore

__all__ = [
    "OPERATIONS",
    "list_params",
    "responses_cancel",
    "responses_create",
    "responses_delete",
    "responses_input_items_list",
    "responses_input_tokens_count",
    "responses_retrieve",
    "sse",
]

_OUTPUTS = {"function_call_output": "function_call", "custom_tool_call_output": "custom_tool_call"}


def sse(events: Iterable[Any]) -> StreamReply:
    """A Responses event stream: named events (``event: <type>``), no ``[DONE]``."""
    return StreamReply(events, named=True)


def _integer_query(name: str, raw: str, low: int, high: int | None = None) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise MockAPIError(
            400,
            f"Invalid type for '{name}': expected an integer, but got a string instead.",
            param=name,
            code="invalid_type",
        ) from None
    if value < low:
        raise MockAPIError(
            400,
            f"Invalid '{name}': integer below minimum value. Expected a value >= {low}, "
            f"but got {value} instead.",
            param=name,
            code="integer_below_min_value",
        )
    if high is not None and value > high:
        raise MockAPIError(
            400,
            f"Invalid '{name}': integer above maximum value. Expected a value <= {high}, "
            f"but got {value} instead.",
            param=name,
            code="integer_above_max_value",
        )
    return value


def list_params(query: Mapping[str, str]) -> tuple[str | None, int, str]:
    """``after``, ``limit`` (1..100, default 20) and ``order`` (default desc) of a list call."""
    limit = _integer_query("limit", query["limit"], 1, 100) if "limit" in query else 20
    order = query.get("order", "desc")
    if order not in ("asc", "desc"):
        raise MockAPIError(
            400,
            f"Invalid value: '{order}'. Supported values are: 'asc' and 'desc'.",
            param="order",
            code="invalid_value",
        )
    return query.get("after") or None, limit, order


def _flag(query: Mapping[str, str], name: str) -> bool:
    raw = query.get(name, "false").lower()
    if raw not in ("true", "false", "1", "0"):
        raise MockAPIError(
            400,
            f"Invalid type for '{name}': expected a boolean, but got a string instead.",
            param=name,
            code="invalid_type",
        )
    return raw in ("true", "1")


def _model(core: ServerCore, call: Call, name: str) -> tuple[content.ModelInfo, str]:
    """The catalogue model and the name the response shows (Azure: the deployment)."""
    if not call.azure:
        info = content.resolve_responses_model(name)
        return info, info.response_model
    model = core.deployment_model(name)
    if model is None:
        raise AzureGatewayError(404, DEPLOYMENT_NOT_FOUND, code="DeploymentNotFound")
    return content.resolve_responses_model(model, azure=True), name


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
    new_id: content.IdFactory,
    *,
    required: bool = True,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(carried context, this request's input) as stored items; the state checks run here."""
    context = _context(store, body)
    value = body.get("input")
    new = content.normalize_items(value, new_id, store.resolve_item) if value else []
    _check_outputs_answer_calls([*context, *new])
    if required:
        content.check_nonempty_input(body)
    content.check_json_mention(body, content.items_text([*context, *new]))
    return context, new


def _plan(
    core: ServerCore,
    call: Call,
    body: Mapping[str, Any],
    info: content.ModelInfo,
    items: Sequence[dict[str, Any]],
    output_id: content.IdFactory,
) -> content.ResponsePlan:
    ctx = core.gen_context(azure=call.azure)
    script = call.script
    if script is not None and script.kind == "reply":
        return content.plan_scripted_response(
            ctx,
            body,
            info,
            items,
            output_id,
            content=script.content,
            tool_calls=script.tool_calls or [],
            finish_reason=script.finish_reason,
        )
    return content.plan_response(ctx, body, info, items, output_id)


def responses_create(core: ServerCore, call: Call) -> Reply:
    body = call.json
    content.validate_responses_request(body)
    info, shown = _model(core, call, body["model"])
    store = core.responses
    context, new = _input_items(store, body, store.new_item_id)
    content.check_for_model(body, info)
    items = [*context, *new]
    response_id, output_id = store.new_response_ids()
    plan = _plan(core, call, body, info, items, output_id)
    now = store.clock()
    background = body.get("background") is True
    stored = body.get("store") is not False
    instructions = body.get("instructions")
    prompt = " ".join(t for t in [instructions or "", *content.items_text(items)] if t)
    meta = content.ResponseMeta(
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
        return sse(record.events())
    return JSONReply(record.render(now))


def responses_retrieve(core: ServerCore, call: Call) -> Reply:
    store = core.responses
    response_id = call.path_params["response_id"]
    if not _flag(call.query, "stream"):
        return JSONReply(store.retrieve(response_id))
    raw = call.query.get("starting_after")
    starting_after = None if raw is None else _integer_query("starting_after", raw, 0)
    return sse(store.stream_events(response_id, starting_after))


def responses_delete(core: ServerCore, call: Call) -> Reply:
    return JSONReply(core.responses.delete(call.path_params["response_id"]))


def responses_cancel(core: ServerCore, call: Call) -> Reply:
    return JSONReply(core.responses.cancel(call.path_params["response_id"]))


def responses_input_items_list(core: ServerCore, call: Call) -> Reply:
    after, limit, order = list_params(call.query)
    listed = core.responses.input_items(
        call.path_params["response_id"], after=after, limit=limit, order=order
    )
    return JSONReply(listed)


def responses_input_tokens_count(core: ServerCore, call: Call) -> Reply:
    body = call.json
    content.validate_input_tokens_request(body)
    info = _model(core, call, body["model"])[0] if isinstance(body.get("model"), str) else None
    store = core.responses
    context, new = _input_items(store, body, lambda prefix: f"{prefix}_count", required=False)
    if info is not None:
        content.check_for_model(body, info)
    total = content.count_input_tokens([*context, *new], body)
    return JSONReply({"object": "response.input_tokens", "input_tokens": total})


OPERATIONS: tuple[Operation, ...] = (
    # The literal path first: /responses/input_tokens must not match /responses/{response_id}.
    Operation(
        "responses.input_tokens.count",
        "POST",
        "/responses/input_tokens",
        responses_input_tokens_count,
        body="json",
    ),
    Operation("responses.create", "POST", "/responses", responses_create, body="json"),
    Operation("responses.retrieve", "GET", "/responses/{response_id}", responses_retrieve),
    Operation("responses.delete", "DELETE", "/responses/{response_id}", responses_delete),
    Operation("responses.cancel", "POST", "/responses/{response_id}/cancel", responses_cancel),
    Operation(
        "responses.input_items.list",
        "GET",
        "/responses/{response_id}/input_items",
        responses_input_items_list,
    ),
)
