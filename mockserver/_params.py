"""Request-parameter checks with the real API's error sentences, written once for every area.

Every helper raises :class:`MockAPIError` with the status, message, ``param``
and ``code`` the real API uses for that kind of mistake: body members
(required, types, ranges, enums, unknown keys in the legacy and the newer
wording) and list query parameters (``limit``, ``order``, ``after``,
``before``, boolean flags).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from typing import Any, NamedTuple, NoReturn

from openai_kit.mockserver._errors import MockAPIError

__all__ = [
    "Check",
    "ListParams",
    "array_check",
    "check_array",
    "check_boolean",
    "check_enum",
    "check_integer",
    "check_members",
    "check_metadata",
    "check_nested_keys",
    "check_number",
    "check_object",
    "check_string",
    "check_text_or_tokens",
    "check_unknown_keys",
    "check_unknown_parameters",
    "describe",
    "each_object",
    "empty_array",
    "enum_check",
    "flag_query",
    "format_number",
    "integer_check",
    "integer_query",
    "invalid_request",
    "invalid_type",
    "invalid_value",
    "is_integer",
    "is_number",
    "list_params",
    "member",
    "missing",
    "number_check",
    "oxford",
    "present",
    "require",
    "require_model",
    "string_check",
    "too_long_array",
    "too_long_string",
]


def describe(value: Any) -> str:
    """How the real API names the JSON type of ``value`` in "but got ... instead"."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a decimal number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    # The real API calls both objects and null "an object".
    return "an object"


def format_number(value: float) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return str(value)


def oxford(values: Sequence[str], conjunction: str) -> str:
    """``'a'``, ``'a' and 'b'``, ``'a', 'b', and 'c'``: quoted, as the API lists values."""
    quoted = [f"'{v}'" for v in values]
    if len(quoted) == 1:
        return quoted[0]
    if len(quoted) == 2:
        return f"{quoted[0]} {conjunction} {quoted[1]}"
    return ", ".join(quoted[:-1]) + f", {conjunction} {quoted[-1]}"


def invalid_request(message: str, param: str | None = None, code: str | None = None) -> NoReturn:
    raise MockAPIError(400, message, param=param, code=code)


def missing(param: str) -> NoReturn:
    invalid_request(f"Missing required parameter: '{param}'.", param, "missing_required_parameter")


def invalid_type(param: str, expected: str, value: Any) -> NoReturn:
    invalid_request(
        f"Invalid type for '{param}': expected {expected}, but got {describe(value)} instead.",
        param,
        "invalid_type",
    )


def invalid_value(param: str, value: Any, allowed: Sequence[str]) -> NoReturn:
    invalid_request(
        f"Invalid value: '{value}'. Supported values are: {oxford(allowed, 'and')}.",
        param,
        "invalid_value",
    )


def empty_array(param: str, minimum: int = 1) -> NoReturn:
    invalid_request(
        f"Invalid '{param}': empty array. Expected an array with minimum length {minimum}, "
        "but got an empty array instead.",
        param,
        "empty_array",
    )


def too_long_array(param: str, maximum: int, length: int) -> NoReturn:
    invalid_request(
        f"Invalid '{param}': array too long. Expected an array with maximum length {maximum}, "
        f"but got an array with length {length} instead.",
        param,
        "array_above_max_length",
    )


def too_long_string(param: str, maximum: int, length: int) -> NoReturn:
    invalid_request(
        f"Invalid '{param}': string too long. Expected a string with maximum length {maximum}, "
        f"but got a string with length {length} instead.",
        param,
        "string_above_max_length",
    )


def is_integer(value: Any) -> bool:
    """JSON integers (an integral float like ``2.0`` counts; booleans do not)."""
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _bounds(
    param: str, kind: str, value: float, minimum: float | None, maximum: float | None
) -> None:
    if minimum is not None and value < minimum:
        invalid_request(
            f"Invalid '{param}': {kind} below minimum value. Expected a value >= "
            f"{format_number(minimum)}, but got {format_number(value)} instead.",
            param,
            f"{kind}_below_min_value",
        )
    if maximum is not None and value > maximum:
        invalid_request(
            f"Invalid '{param}': {kind} above maximum value. Expected a value <= "
            f"{format_number(maximum)}, but got {format_number(value)} instead.",
            param,
            f"{kind}_above_max_value",
        )


_NUMERIC = {"integer": (is_integer, "an integer"), "decimal": (is_number, "a decimal")}


def _check_numeric(
    param: str, value: Any, kind: str, minimum: float | None, maximum: float | None
) -> None:
    accepts, expected = _NUMERIC[kind]
    if not accepts(value):
        invalid_type(param, expected, value)
    _bounds(param, kind, value, minimum, maximum)


def check_integer(
    param: str, value: Any, minimum: int | None = None, maximum: int | None = None
) -> None:
    _check_numeric(param, value, "integer", minimum, maximum)


def check_number(
    param: str, value: Any, minimum: float | None = None, maximum: float | None = None
) -> None:
    _check_numeric(param, value, "decimal", minimum, maximum)


def check_boolean(param: str, value: Any) -> None:
    if not isinstance(value, bool):
        invalid_type(param, "a boolean", value)


def check_string(param: str, value: Any, max_length: int | None = None) -> None:
    if not isinstance(value, str):
        invalid_type(param, "a string", value)
    if max_length is not None and len(value) > max_length:
        too_long_string(param, max_length, len(value))


def check_object(param: str, value: Any) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        invalid_type(param, "an object", value)
    return value


def check_array(param: str, value: Any, expected: str = "an array") -> list[Any]:
    if not isinstance(value, list):
        invalid_type(param, expected, value)
    return value


def each_object(
    param: str,
    value: Any,
    expected: str = "an array of objects",
    *,
    nonempty: bool = False,
    maximum: int | None = None,
) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """The objects of the array ``value`` at ``param``, each with its path (``param[i]``).

    The API's 400 when ``value`` is no array (``expected`` names what it wants), is empty
    while ``nonempty``, is longer than ``maximum``, or holds something other than an object
    (reported when the loop reaches it, after the checks of the objects before it).
    """
    items = check_array(param, value, expected)
    if nonempty and not items:
        empty_array(param)
    if maximum is not None and len(items) > maximum:
        too_long_array(param, maximum, len(items))
    for index, item in enumerate(items):
        where = f"{param}[{index}]"
        yield where, check_object(where, item)


_TEXT_OR_TOKENS = (
    "one of a string, array of strings, array of integers, or array of arrays of integers"
)


def check_text_or_tokens(param: str, value: Any) -> str:
    """A prompt or input given as text or tokens (completions, embeddings), and which form:
    ``"text"``, ``"texts"``, ``"tokens"`` (one token array) or ``"token_arrays"``."""
    if isinstance(value, str):
        return "text"
    if not isinstance(value, list):
        invalid_type(param, _TEXT_OR_TOKENS, value)
    if not value:
        empty_array(param)
    if all(isinstance(v, str) for v in value):
        return "texts"
    if all(is_integer(v) for v in value):
        return "tokens"
    if not all(isinstance(v, list) and v and all(is_integer(t) for t in v) for v in value):
        invalid_type(param, _TEXT_OR_TOKENS, value)
    return "token_arrays"


def check_enum(param: str, value: Any, allowed: Sequence[str]) -> None:
    if not isinstance(value, str):
        invalid_type(param, f"one of {oxford(allowed, 'or')}", value)
    if value not in allowed:
        invalid_value(param, value, allowed)


#: How many key-value pairs a ``metadata`` object may hold.
MAX_METADATA = 16


def check_metadata(value: Any) -> None:
    if not isinstance(value, Mapping):
        invalid_type("metadata", "a metadata object", value)
    if len(value) > MAX_METADATA:
        invalid_request(
            f"Invalid 'metadata': too many properties. Expected an object with at most "
            f"{MAX_METADATA} properties, but got an object with {len(value)} properties instead.",
            "metadata",
            "object_above_max_properties",
        )
    for key, item in value.items():
        if len(key) > 64:
            invalid_request(
                f"Invalid 'metadata': key too long. Expected a key with maximum length 64, but "
                f"got a key with length {len(key)} instead.",
                "metadata",
                "string_above_max_length",
            )
        check_string(f"metadata.{key}", item, 512)


def check_unknown_keys(body: Mapping[str, Any], known: Collection[str]) -> None:
    """Top-level arguments the endpoint does not take."""
    for key in body:
        if key not in known:
            invalid_request(f"Unrecognized request argument supplied: {key}")


def check_nested_keys(param: str, value: Mapping[str, Any], known: Iterable[str]) -> None:
    """Members of a nested object the API does not know."""
    allowed = set(known)
    for key in value:
        if key not in allowed:
            path = f"{param}.{key}"
            invalid_request(f"Unknown parameter: '{path}'.", path, "unknown_parameter")


def require_model(body: Mapping[str, Any], *, required: bool = True) -> None:
    """``model`` present and a string (chat, completions and embeddings need one); with
    ``required=False`` (Azure deployment routes, where the deployment names the model)
    only a string when given."""
    model = body.get("model")
    if model is None:
        if not required:
            return
        invalid_request("you must provide a model parameter")
    if not isinstance(model, str):
        invalid_type("model", "a string", model)


def check_unknown_parameters(body: Mapping[str, Any], known: Collection[str]) -> None:
    """Top-level arguments a newer endpoint (Responses, Conversations ...) does not take."""
    for key in body:
        if key not in known:
            invalid_request(f"Unknown parameter: '{key}'.", key, "unknown_parameter")


def present(body: Mapping[str, Any], name: str, check: Check | None = None) -> Any:
    """``body[name]``, checked with ``check`` when given (a null included); the
    missing-parameter 400 only when the key is absent."""
    if name not in body:
        missing(name)
    value = body[name]
    if check is not None:
        check(name, value)
    return value


def require(body: Mapping[str, Any], name: str) -> Any:
    """``body[name]``, or the missing-parameter 400 when it is absent or null."""
    value = body.get(name)
    if value is None:
        missing(name)
    return value


# -- list query parameters ------------------------------------------------------------------


def integer_query(name: str, raw: str, low: int, high: int | None = None) -> int:
    """A query parameter that must be an integer in ``[low, high]``."""
    try:
        value = int(raw)
    except ValueError:
        invalid_type(name, "an integer", raw)
    _bounds(name, "integer", value, low, high)
    return value


def flag_query(query: Mapping[str, str], name: str) -> bool:
    """A boolean query parameter (``true``/``false``/``1``/``0``, default false)."""
    raw = query.get(name, "false").lower()
    if raw not in ("true", "false", "1", "0"):
        invalid_type(name, "a boolean", raw)
    return raw in ("true", "1")


class ListParams(NamedTuple):
    after: str | None
    before: str | None
    limit: int
    order: str


def list_params(
    query: Mapping[str, str],
    *,
    default_limit: int = 20,
    max_limit: int = 100,
    default_order: str = "desc",
) -> ListParams:
    """``after``, ``before``, ``limit`` (1..``max_limit``) and ``order`` of a cursor list."""
    raw = query.get("limit")
    limit = default_limit if raw is None else integer_query("limit", raw, 1, max_limit)
    order = query.get("order", default_order)
    if order not in ("asc", "desc"):
        invalid_value("order", order, ("asc", "desc"))
    return ListParams(query.get("after") or None, query.get("before") or None, limit, order)


# -- checks as values (parameter tables) -----------------------------------------------------

#: A check of one parameter: ``check(param, value)`` raises the API's 400 or returns.
Check = Callable[[str, Any], object]


def _bound(check: Callable[..., object], *args: Any) -> Check:
    """``check`` with its arguments after ``(param, value)`` fixed."""
    return lambda name, value: check(name, value, *args)


def integer_check(low: int | None, high: int | None = None) -> Check:
    return _bound(check_integer, low, high)


def number_check(low: float | None, high: float | None) -> Check:
    return _bound(check_number, low, high)


def array_check(expected: str = "an array") -> Check:
    return _bound(check_array, expected)


def enum_check(values: Sequence[str]) -> Check:
    return _bound(check_enum, values)


def string_check(max_length: int | None = None) -> Check:
    return _bound(check_string, max_length)


def check_members(where: str, obj: Mapping[str, Any], checks: Sequence[tuple[str, Check]]) -> None:
    """The members of the object at ``where`` that ``checks`` names and it has (a null
    included), each checked as ``where.key``, in ``checks`` order."""
    for key, check in checks:
        if key in obj:
            check(f"{where}.{key}", obj[key])


def member(where: str, obj: Mapping[str, Any], key: str, check: Check | None = None) -> Any:
    """``obj[key]`` of the object at ``where``, checked with ``check`` when given; the
    missing-parameter 400 for ``where.key`` when the object lacks it."""
    if key not in obj:
        missing(f"{where}.{key}")
    value = obj[key]
    if check is not None:
        check(f"{where}.{key}", value)
    return value
