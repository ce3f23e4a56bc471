"""Errors: status-to-class map, the fields of a status error, its body and message,
the exception hierarchy, connection errors, and strict response validation.

Every request test runs with the sync and the async client (max_retries=0, so one attempt).
"""

from __future__ import annotations

from collections.abc import Mapping

import httpx
import pytest

import openai_kit
from openai_kit import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AsyncOpenAI,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    OpenAI,
    OpenAIError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
)
from tests.support.sleeps import (
    MODEL_BODY,
    Flavour,
    Reply,
    Script,
    SleepRecorder,
    make_client,
    record_sleeps,
    settle,
)

MODEL = "gpt-4o-mini"

# Shaped like real API answers (see the realworld cassettes).
INVALID_KEY = {
    "error": {
        "message": "Incorrect API key provided: sk-te****. You can find your API key at "
        "https://platform.openai.com/account/api-keys.",
        "type": "invalid_request_error",
        "param": None,
        "code": "invalid_api_key",
    }
}
MODEL_NOT_FOUND = {
    "error": {
        "message": "The model `gpt-9` does not exist or you do not have access to it.",
        "type": "invalid_request_error",
        "param": "model",
        "code": "model_not_found",
    }
}

STATUS_CLASSES: list[tuple[int, type[APIStatusError]]] = [
    (400, BadRequestError),
    (401, AuthenticationError),
    (403, PermissionDeniedError),
    (404, NotFoundError),
    (409, ConflictError),
    (422, UnprocessableEntityError),
    (429, RateLimitError),
    (500, InternalServerError),
    (502, InternalServerError),
    (503, InternalServerError),
    (504, InternalServerError),
    (402, APIStatusError),
    (405, APIStatusError),
    (408, APIStatusError),
    (418, APIStatusError),
    (451, APIStatusError),
]


@pytest.fixture(params=["sync", "async"])
def flavour(request: pytest.FixtureRequest) -> Flavour:
    value: Flavour = request.param
    return value


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> SleepRecorder:
    return record_sleeps(monkeypatch)


async def retrieve(client: OpenAI | AsyncOpenAI) -> object:
    return await settle(client.models.retrieve(MODEL))


async def status_error(flavour: Flavour, reply: Reply) -> APIStatusError:
    client = make_client(flavour, Script(reply), max_retries=0)
    with pytest.raises(APIStatusError) as caught:
        await retrieve(client)
    return caught.value


# -- which class -------------------------------------------------------------------------


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("status", "error_class"), STATUS_CLASSES, ids=[str(status) for status, _ in STATUS_CLASSES]
)
async def test_status_code_maps_to_its_error_class(
    flavour: Flavour, status: int, error_class: type[APIStatusError]
) -> None:
    error = await status_error(flavour, Reply(status))
    assert type(error) is error_class
    assert error.status_code == status


@pytest.mark.parametrize(
    ("child", "parent"),
    [
        (APIError, OpenAIError),
        (APIStatusError, APIError),
        (BadRequestError, APIStatusError),
        (AuthenticationError, APIStatusError),
        (PermissionDeniedError, APIStatusError),
        (NotFoundError, APIStatusError),
        (ConflictError, APIStatusError),
        (UnprocessableEntityError, APIStatusError),
        (RateLimitError, APIStatusError),
        (InternalServerError, APIStatusError),
        (APIConnectionError, APIError),
        (APITimeoutError, APIConnectionError),
        (APIResponseValidationError, APIError),
    ],
    ids=lambda cls: cls.__name__,
)
def test_exception_hierarchy(child: type[Exception], parent: type[Exception]) -> None:
    assert issubclass(child, parent)
    assert issubclass(child, OpenAIError)


def test_status_and_connection_branches_are_separate() -> None:
    assert not issubclass(APIConnectionError, APIStatusError)
    assert not issubclass(APIStatusError, APIConnectionError)
    assert not issubclass(APIResponseValidationError, APIStatusError)


@pytest.mark.parametrize(
    "name",
    [
        "OpenAIError",
        "APIError",
        "APIStatusError",
        "APIConnectionError",
        "APITimeoutError",
        "APIResponseValidationError",
        "BadRequestError",
        "AuthenticationError",
        "PermissionDeniedError",
        "NotFoundError",
        "ConflictError",
        "UnprocessableEntityError",
        "RateLimitError",
        "InternalServerError",
    ],
)
def test_error_classes_are_exported_from_the_package(name: str) -> None:
    exported = getattr(openai_kit, name)
    assert isinstance(exported, type)
    assert issubclass(exported, Exception)


# -- fields of a status error ----------------------------------------------------------


@pytest.mark.asyncio
async def test_status_error_exposes_response_request_and_request_id(flavour: Flavour) -> None:
    reply = Reply(401, body=INVALID_KEY, request_id="55f4f12fef392b7fbc0c647e97a8e6b2")
    error = await status_error(flavour, reply)
    assert isinstance(error, AuthenticationError)
    assert error.status_code == 401
    assert isinstance(error.response, httpx.Response)
    assert error.response.status_code == 401
    assert isinstance(error.request, httpx.Request)
    assert error.request.method == "GET"
    assert error.request.url.path == f"/v1/models/{MODEL}"
    assert error.request_id == "55f4f12fef392b7fbc0c647e97a8e6b2"


@pytest.mark.asyncio
async def test_request_id_is_none_without_the_header(flavour: Flavour) -> None:
    error = await status_error(flavour, Reply(404, body=MODEL_NOT_FOUND, request_id=None))
    assert error.request_id is None


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("body", "code", "param", "type_"),
    [
        (INVALID_KEY, "invalid_api_key", None, "invalid_request_error"),
        (MODEL_NOT_FOUND, "model_not_found", "model", "invalid_request_error"),
        ({"error": {"message": "overloaded", "type": "server_error"}}, None, None, "server_error"),
    ],
    ids=["invalid-key", "model-not-found", "no-code-no-param"],
)
async def test_code_param_and_type_come_from_the_error_object(
    flavour: Flavour, body: Mapping[str, object], code: str | None, param: str | None, type_: str
) -> None:
    error = await status_error(flavour, Reply(400, body=body))
    assert error.code == code
    assert error.param == param
    assert error.type == type_


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (INVALID_KEY, INVALID_KEY["error"]),
        ({"error": "plain string error"}, "plain string error"),
        ({"detail": "not an envelope"}, {"detail": "not an envelope"}),
        ([{"message": "a list"}], [{"message": "a list"}]),
        ("upstream connect error", "upstream connect error"),
    ],
    ids=["envelope", "envelope-string", "json-without-envelope", "json-list", "text"],
)
async def test_body_is_the_error_object_the_whole_json_or_the_text(
    flavour: Flavour, body: object, expected: object
) -> None:
    error = await status_error(flavour, Reply(400, body=body))
    assert error.body == expected


@pytest.mark.asyncio
async def test_non_mapping_body_leaves_code_param_and_type_unset(flavour: Flavour) -> None:
    error = await status_error(flavour, Reply(502, body="<html>Bad gateway</html>"))
    assert error.code is None
    assert error.param is None
    assert error.type is None


# -- the message (B8) ------------------------------------------------------------------


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("status", "body"),
    [(401, INVALID_KEY), (404, MODEL_NOT_FOUND), (400, {"detail": "not an envelope"})],
    ids=["401", "404", "400-no-envelope"],
)
async def test_json_error_message_names_the_status_and_the_decoded_body(
    flavour: Flavour, status: int, body: Mapping[str, object]
) -> None:
    error = await status_error(flavour, Reply(status, body=body))
    assert error.message == str(error)
    assert error.message.startswith(f"Error code: {status} - ")
    inner = body.get("error", body)
    text = (
        inner["message"] if isinstance(inner, Mapping) and "message" in inner else "not an envelope"
    )
    assert str(text) in error.message


@pytest.mark.asyncio
async def test_text_error_message_is_the_text(flavour: Flavour) -> None:
    error = await status_error(flavour, Reply(503, body="  upstream connect error\n"))
    assert error.message == "upstream connect error"
    assert str(error) == "upstream connect error"
    assert error.status_code == 503


@pytest.mark.asyncio
@pytest.mark.parametrize("status", [500, 503, 404], ids=str)
async def test_empty_error_body_message_is_the_status(flavour: Flavour, status: int) -> None:
    error = await status_error(flavour, Reply(status, body=b""))
    assert error.message == f"Error code: {status}"
    assert str(error) == error.message
    assert not error.body


# -- connection errors -------------------------------------------------------------------


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("failure", "error_class"),
    [(httpx.ConnectError, APIConnectionError), (httpx.ReadTimeout, APITimeoutError)],
    ids=["connect-error", "timeout"],
)
async def test_connection_error_has_no_body_a_message_and_the_request(
    flavour: Flavour, failure: type[httpx.TransportError], error_class: type[APIConnectionError]
) -> None:
    script = Script(failure)
    client = make_client(flavour, script, max_retries=0)
    with pytest.raises(APIConnectionError) as caught:
        await retrieve(client)
    error = caught.value
    assert type(error) is error_class
    assert error.body is None
    assert error.message
    assert str(error) == error.message
    assert isinstance(error.request, httpx.Request)
    assert error.request.url == script.requests[0].url
    assert error.code is None
    assert error.param is None
    assert error.type is None


@pytest.mark.asyncio
async def test_connection_error_message_does_not_leak_the_api_key(flavour: Flavour) -> None:
    client = make_client(
        flavour, Script(httpx.ConnectError), api_key="sk-very-secret", max_retries=0
    )
    with pytest.raises(APIConnectionError) as caught:
        await retrieve(client)
    assert "sk-very-secret" not in str(caught.value)


# -- strict response validation ----------------------------------------------------------

MALFORMED_MODEL = {"id": 123, "object": "model"}
MALFORMED_CHAT = {"id": "chatcmpl-1", "object": "chat.completion", "choices": "nope"}


@pytest.mark.asyncio
async def test_strict_validation_rejects_a_malformed_body(
    flavour: Flavour, sleeps: SleepRecorder
) -> None:
    script = Script(Reply(200, body=MALFORMED_MODEL))
    client = make_client(flavour, script, _strict_response_validation=True)
    with pytest.raises(APIResponseValidationError) as caught:
        await retrieve(client)
    error = caught.value
    assert isinstance(error, APIError)
    assert error.status_code == 200
    assert isinstance(error.response, httpx.Response)
    assert error.response.status_code == 200
    assert error.body == MALFORMED_MODEL
    assert error.message
    assert isinstance(error.request, httpx.Request)
    assert script.attempts == 1
    assert sleeps.waits == []


@pytest.mark.asyncio
async def test_strict_validation_rejects_a_malformed_chat_completion(flavour: Flavour) -> None:
    client = make_client(
        flavour, Script(Reply(200, body=MALFORMED_CHAT)), _strict_response_validation=True
    )
    with pytest.raises(APIResponseValidationError) as caught:
        await settle(
            client.chat.completions.create(
                model=MODEL, messages=[{"role": "user", "content": "hi"}]
            )
        )
    assert caught.value.body == MALFORMED_CHAT


@pytest.mark.asyncio
async def test_strict_validation_rejects_a_non_json_body(flavour: Flavour) -> None:
    script = Script(Reply(200, body="this is not json"))
    client = make_client(flavour, script, _strict_response_validation=True)
    with pytest.raises(APIResponseValidationError) as caught:
        await retrieve(client)
    assert caught.value.status_code == 200
    assert caught.value.body == "this is not json"


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "body",
    [MODEL_BODY, {**MODEL_BODY, "brand_new_field": {"nested": [1, 2]}}],
    ids=["valid", "valid-with-unknown-field"],
)
async def test_strict_validation_accepts_a_valid_body(
    flavour: Flavour, body: Mapping[str, object]
) -> None:
    client = make_client(flavour, Script(Reply(200, body=body)), _strict_response_validation=True)
    model = await settle(client.models.retrieve(MODEL))
    assert model.id == MODEL
    assert model.owned_by == "openai"


@pytest.mark.asyncio
async def test_malformed_body_is_parsed_leniently_by_default(flavour: Flavour) -> None:
    client = make_client(flavour, Script(Reply(200, body=MALFORMED_MODEL)))
    model = await settle(client.models.retrieve(MODEL))
    assert model.object == "model"
    assert model.id == 123  # type: ignore[comparison-overlap]


@pytest.mark.asyncio
async def test_strict_validation_does_not_turn_status_errors_into_validation_errors(
    flavour: Flavour,
) -> None:
    client = make_client(
        flavour,
        Script(Reply(404, body=MODEL_NOT_FOUND)),
        _strict_response_validation=True,
        max_retries=0,
    )
    with pytest.raises(NotFoundError) as caught:
        await retrieve(client)
    assert caught.value.code == "model_not_found"
