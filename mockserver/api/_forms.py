"""Multipart form fields as a typed body, the way the media areas' validators read them.

A multipart request carries every value as text; the API reads ``n=2`` as the
integer 2 and ``stream=true`` as a boolean. :func:`typed_form` gives the
handlers one dict to validate, whichever body a request came with. On Azure
the form's ``model`` (v1) or the route's deployment names the model.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING, Any

from openai_kit.mockserver import _params as P
from openai_kit.mockserver._errors import deployment_not_found
from openai_kit.mockserver._multipart import form_items

if TYPE_CHECKING:
    from openai_kit.mockserver._call import Call
    from openai_kit.mockserver._core import ServerCore

__all__ = ["deployment_model", "required_text", "typed_form"]

_FLAGS = {"true": True, "1": True, "false": False, "0": False}


def _number(name: str, text: str, integer: bool) -> int | float:
    try:
        return int(text) if integer else float(text)
    except ValueError:
        P.invalid_type(name, "an integer" if integer else "a decimal", text)


def _flag(name: str, text: str) -> bool:
    flag = _FLAGS.get(text.lower())
    if flag is None:
        P.invalid_type(name, "a boolean", text)
    return flag


def typed_form(
    call: Call,
    *,
    ints: Collection[str] = (),
    numbers: Collection[str] = (),
    flags: Collection[str] = (),
    lists: Collection[str] = (),
) -> dict[str, Any]:
    """The form as a body: numbers and flags converted, ``lists`` fields (``x[]``) as lists."""
    items = form_items(call.headers.get("content-type", ""), call.body) if lists else None
    body: dict[str, Any] = {}
    for name, value in items if items is not None else (call.form or {}).items():
        key = name[:-2] if name.endswith("[]") else name
        if key in lists:
            body.setdefault(key, []).append(value)
            continue
        if isinstance(value, str):
            if key in ints or key in numbers:
                body[key] = _number(key, value, key in ints)
                continue
            if key in flags:
                body[key] = _flag(key, value)
                continue
        body[key] = value
    return body


def deployment_model(core: ServerCore, call: Call, body: dict[str, Any]) -> None:
    """Put the Azure deployment's model in ``body["model"]`` (a 404 for an unknown deployment)."""
    if not call.azure:
        return
    if call.style == "azure":
        name: Any = call.path_params.get("deployment", "")
    else:
        name = body.get("model")
        if not isinstance(name, str):
            return
    model = core.deployment_model(str(name))
    if model is None:
        raise deployment_not_found()
    body["model"] = model


def required_text(body: Mapping[str, Any], name: str, max_length: int) -> str:
    """A required, non-empty string field of at most ``max_length`` characters."""
    value = body.get(name)
    if not value:
        P.missing(name)
    P.check_string(name, value)
    if len(value) > max_length:
        P.too_long_string(name, max_length, len(value))
    return str(value)
