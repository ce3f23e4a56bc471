"""The shared building blocks areas declare and check with: object kinds, member and array rules."""

from __future__ import annotations

from typing import Any

import pytest

from openai_kit.mockserver._call import Call, JSONReply, Reply
from openai_kit.mockserver._errors import MockAPIError
from openai_kit.mockserver._operation import ObjectKind
from openai_kit.mockserver._params import (
    check_members,
    check_string,
    each_object,
    integer_check,
    present,
)


def _handler(core: Any, call: Call) -> Reply:
    return JSONReply({})


def test_object_kind_spells_out_the_usual_paths() -> None:
    things = ObjectKind("things", "/things/{thing_id}", azure="classic")
    ops = [
        things.create(_handler),
        things.list(_handler),
        things.retrieve(_handler),
        things.update(_handler),
        things.delete(_handler),
    ]
    assert [(op.name, op.method, op.path, op.body) for op in ops] == [
        ("things.create", "POST", "/things", "json"),
        ("things.list", "GET", "/things", "none"),
        ("things.retrieve", "GET", "/things/{thing_id}", "none"),
        ("things.update", "POST", "/things/{thing_id}", "json"),
        ("things.delete", "DELETE", "/things/{thing_id}", "none"),
    ]
    assert {op.azure for op in ops} == {"classic"}
    assert {op.handler for op in ops} == {_handler}


def test_object_kind_of_a_nested_object_takes_other_bodies() -> None:
    parts = ObjectKind("a.b", "/a/{a_id}/b/{b_id}")
    created = parts.create(_handler, body="multipart")
    assert (created.name, created.path, created.body, created.azure) == (
        "a.b.create",
        "/a/{a_id}/b",
        "multipart",
        True,
    )


def _error(call: Any) -> MockAPIError:
    with pytest.raises(MockAPIError) as caught:
        call()
    return caught.value


def test_each_object_yields_paths_and_objects() -> None:
    value = [{"a": 1}, {"b": 2}]
    assert list(each_object("tools", value)) == [("tools[0]", {"a": 1}), ("tools[1]", {"b": 2})]


@pytest.mark.parametrize(
    ("value", "options", "message", "param"),
    [
        (
            "x",
            {},
            "Invalid type for 'tools': expected an array of objects, but got a string instead.",
            "tools",
        ),
        (
            [],
            {"nonempty": True},
            "Invalid 'tools': empty array. Expected an array with minimum length 1, "
            "but got an empty array instead.",
            "tools",
        ),
        (
            [{}, {}, {}],
            {"maximum": 2},
            "Invalid 'tools': array too long. Expected an array with maximum length 2, "
            "but got an array with length 3 instead.",
            "tools",
        ),
        (
            [{}, 3],
            {},
            "Invalid type for 'tools[1]': expected an object, but got an integer instead.",
            "tools[1]",
        ),
    ],
)
def test_each_object_reports_the_first_problem(
    value: Any, options: dict[str, Any], message: str, param: str
) -> None:
    error = _error(lambda: list(each_object("tools", value, **options)))
    assert (error.status, error.message, error.param) == (400, message, param)


def test_present_checks_a_null_and_misses_only_an_absent_key() -> None:
    assert present({"uri": "sip:x"}, "uri", check_string) == "sip:x"
    absent = _error(lambda: present({}, "uri", check_string))
    assert (absent.message, absent.code) == (
        "Missing required parameter: 'uri'.",
        "missing_required_parameter",
    )
    null = _error(lambda: present({"uri": None}, "uri", check_string))
    assert null.code == "invalid_type"


def test_check_members_checks_what_the_object_has_in_table_order() -> None:
    checks = (("b", integer_check(0)), ("a", check_string))
    check_members("session", {"a": "x"}, checks)
    error = _error(lambda: check_members("session", {"a": 1, "b": -1}, checks))
    assert (error.param, error.code) == ("session.b", "integer_below_min_value")
    null = _error(lambda: check_members("session", {"a": None}, checks))
    assert (null.param, null.code) == ("session.a", "invalid_type")
