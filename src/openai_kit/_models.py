"""The base class of every response type, and how bodies become models.

Parsing takes the fast road first: pydantic-core validates the raw JSON
bytes in one pass (``model_validate_json``). A body that does not fit the
declared types - a newer API's enum value, a null where the spec promised a
string - takes the lenient road instead: the JSON is decoded and each value
is placed into the model by its annotation without rejecting anything, the
way a client must behave when the server is newer than the client. With
``_strict_response_validation=True`` the lenient road is closed and the
validation error is raised.
"""

from __future__ import annotations

import json
import types
import typing
from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast, get_args, get_origin

import pydantic
from pydantic import ConfigDict

__all__ = ["BaseModel", "construct_lenient", "validate_json", "validate_python"]

_M = TypeVar("_M", bound=pydantic.BaseModel)
_T = TypeVar("_T")


class BaseModel(pydantic.BaseModel):
    """A response object. Unknown fields are kept, as attributes and in dumps."""

    model_config = ConfigDict(
        extra="allow",
        populate_by_name=True,
        arbitrary_types_allowed=True,
        protected_namespaces=(),
        defer_build=True,
    )

    def to_dict(
        self,
        *,
        mode: Literal["json", "python"] = "python",
        use_api_names: bool = True,
        exclude_unset: bool = True,
        exclude_defaults: bool = False,
        exclude_none: bool = False,
    ) -> dict[str, Any]:
        """The object as a plain dict, by default only the fields the server sent."""
        return self.model_dump(
            mode=mode,
            by_alias=use_api_names,
            exclude_unset=exclude_unset,
            exclude_defaults=exclude_defaults,
            exclude_none=exclude_none,
            warnings=False,
        )

    def to_json(
        self,
        *,
        indent: int | None = 2,
        use_api_names: bool = True,
        exclude_unset: bool = True,
        exclude_defaults: bool = False,
        exclude_none: bool = False,
    ) -> str:
        """The object as a JSON string, by default only the fields the server sent."""
        return self.model_dump_json(
            indent=indent,
            by_alias=use_api_names,
            exclude_unset=exclude_unset,
            exclude_defaults=exclude_defaults,
            exclude_none=exclude_none,
            warnings=False,
        )


_adapters: dict[Any, pydantic.TypeAdapter[Any]] = {}


def _adapter(type_: Any) -> pydantic.TypeAdapter[Any]:
    adapter = _adapters.get(type_)
    if adapter is None:
        adapter = _adapters[type_] = pydantic.TypeAdapter(type_)
    return adapter


def validate_json(type_: type[_T], data: bytes | str, *, strict: bool) -> _T:
    """Parse a JSON body into ``type_``: validated, or leniently when it does not fit."""
    try:
        if isinstance(type_, type) and issubclass(type_, pydantic.BaseModel):
            return cast(_T, type_.model_validate_json(data))
        return cast(_T, _adapter(type_).validate_json(data))
    except pydantic.ValidationError:
        if strict:
            raise
    return cast(_T, construct_lenient(type_, json.loads(data)))


def validate_python(type_: type[_T], value: object, *, strict: bool) -> _T:
    """Like :func:`validate_json` for an already decoded value."""
    try:
        if isinstance(type_, type) and issubclass(type_, pydantic.BaseModel):
            return cast(_T, type_.model_validate(value))
        return cast(_T, _adapter(type_).validate_python(value))
    except pydantic.ValidationError:
        if strict:
            raise
    return cast(_T, construct_lenient(type_, value))


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, pydantic.BaseModel)


def construct_lenient(type_: Any, value: object) -> Any:
    """Place ``value`` into ``type_`` by annotation, rejecting nothing.

    Models are built with ``model_construct`` field by field, lists and
    dicts element by element, unions by the first member that validates
    (else the first model member whose discriminating literal matches, else
    the raw value). Anything that does not fit is kept as it came.
    """
    if value is None:
        return None
    origin = get_origin(type_)
    if origin is typing.Annotated:
        return construct_lenient(get_args(type_)[0], value)
    if _is_model(type_):
        if not isinstance(value, Mapping):
            return value
        return _construct_model(type_, value)
    if origin in (list, typing.List, tuple, set):  # noqa: UP006
        (item_type, *_) = get_args(type_) or (Any,)
        if isinstance(value, list):
            return [construct_lenient(item_type, v) for v in value]
        return value
    if origin in (dict, typing.Dict, Mapping):  # noqa: UP006
        args = get_args(type_)
        item_type = args[1] if len(args) == 2 else Any
        if isinstance(value, Mapping):
            return {k: construct_lenient(item_type, v) for k, v in value.items()}
        return value
    if origin in (typing.Union, types.UnionType):
        return _construct_union(get_args(type_), value)
    return value


def _construct_model(model: type[_M], data: Mapping[str, Any]) -> _M:
    fields: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    by_alias = {(f.alias or name): name for name, f in model.model_fields.items()}
    for key, raw in data.items():
        name = by_alias.get(key)
        if name is None:
            extra[key] = raw
            continue
        fields[name] = construct_lenient(model.model_fields[name].annotation, raw)
    instance = model.model_construct(_fields_set=set(fields), **fields)
    if extra:
        if instance.__pydantic_extra__ is None:
            object.__setattr__(instance, "__pydantic_extra__", {})
        assert instance.__pydantic_extra__ is not None
        instance.__pydantic_extra__.update(extra)
    return instance


def _literal_values(annotation: Any) -> tuple[Any, ...]:
    if get_origin(annotation) is Literal:
        return get_args(annotation)
    return ()


def _construct_union(members: tuple[Any, ...], value: object) -> Any:
    non_null = [m for m in members if m is not type(None)]
    for member in non_null:
        try:
            return _adapter(member).validate_python(value)
        except (pydantic.ValidationError, pydantic.PydanticSchemaGenerationError, TypeError):
            continue
    if isinstance(value, Mapping):
        models = [m for m in non_null if _is_model(m)]
        for model in models:
            for name, field in model.model_fields.items():
                key = field.alias or name
                allowed = _literal_values(field.annotation)
                if allowed and key in value and value[key] in allowed:
                    return _construct_model(model, value)
        if models:
            return _construct_model(models[0], value)
    if isinstance(value, list):
        for member in non_null:
            if get_origin(member) in (list, typing.List):  # noqa: UP006
                return construct_lenient(member, value)
    return value
