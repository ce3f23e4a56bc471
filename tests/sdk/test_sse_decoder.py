"""Unit tests of the incremental SSE decoder (``openai_kit._streaming.SSEDecoder``).

The decoder is fed raw bytes in arbitrary pieces (``decode``) and told when
the input ends (``flush``); it returns the events completed so far. The
rules are the WHATWG event-stream rules: LF, CRLF and CR line endings, ``:``
comments, one optional space after the colon, multi-line ``data`` joined
with a newline, a leading BOM ignored, an incomplete event at the end of the
input discarded.
"""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from openai_kit._streaming import ServerSentEvent, SSEDecoder

Event = tuple[str | None, str, str | None, int | None]


def as_tuple(event: ServerSentEvent) -> Event:
    return (event.event, event.data, event.id, event.retry)


def decode_all(pieces: Iterable[bytes]) -> list[Event]:
    decoder = SSEDecoder()
    events: list[ServerSentEvent] = []
    for piece in pieces:
        events.extend(decoder.decode(piece))
    events.extend(decoder.flush())
    return [as_tuple(e) for e in events]


def data_only(*data: str) -> list[Event]:
    return [(None, d, None, None) for d in data]


# -- fields --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(b"data: hello\n\n", data_only("hello"), id="plain"),
        pytest.param(b"data:hello\n\n", data_only("hello"), id="no-space-after-colon"),
        pytest.param(b"data:  two\n\n", data_only(" two"), id="only-one-space-stripped"),
        pytest.param(b"data: tail  \n\n", data_only("tail  "), id="trailing-space-kept"),
        pytest.param(b"data: a:b: c\n\n", data_only("a:b: c"), id="colons-in-value"),
        pytest.param(b"data:\n\n", data_only(""), id="empty-data"),
        pytest.param(b"data: \n\n", data_only(""), id="empty-data-after-space"),
        pytest.param(b"data\n\n", data_only(""), id="data-without-colon"),
        pytest.param(b"data: a\ndata: b\n\n", data_only("a\nb"), id="multi-line-data"),
        pytest.param(b"data: a\ndata:\ndata: b\n\n", data_only("a\n\nb"), id="blank-data-line"),
        pytest.param(b"data: a\ndata\n\n", data_only("a\n"), id="trailing-colonless-data"),
        pytest.param(b"foo: bar\ndata: x\n\n", data_only("x"), id="unknown-field-ignored"),
        pytest.param(b"bogus\ndata: x\n\n", data_only("x"), id="unknown-colonless-field"),
        pytest.param(b"Data: no\ndata: yes\n\n", data_only("yes"), id="names-case-sensitive"),
        pytest.param(b"event: ping\ndata: x\n\n", [("ping", "x", None, None)], id="event"),
        pytest.param(b"event\ndata: x\n\n", data_only("x"), id="empty-event-is-none"),
        pytest.param(b"id: 42\ndata: x\n\n", [(None, "x", "42", None)], id="id"),
        pytest.param(b"id: a\x00b\ndata: x\n\n", data_only("x"), id="id-with-nul-ignored"),
        pytest.param(b"retry: 1500\ndata: x\n\n", [(None, "x", None, 1500)], id="retry"),
        pytest.param(b"retry: soon\ndata: x\n\n", data_only("x"), id="retry-not-integer"),
        pytest.param(
            b"event: delta\nid: ev-1\nretry: 10\ndata: {}\n\n",
            [("delta", "{}", "ev-1", 10)],
            id="all-fields",
        ),
        pytest.param(
            b"data: x\nevent: late\n\n", [("late", "x", None, None)], id="field-order-free"
        ),
    ],
)
def test_fields(body: bytes, expected: list[Event]) -> None:
    assert decode_all([body]) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(b": keep-alive\n\n", [], id="comment-only-block"),
        pytest.param(b":\n\n", [], id="bare-colon"),
        pytest.param(b"data: a\n: note\ndata: b\n\n", data_only("a\nb"), id="between-data"),
        pytest.param(b": one\n: two\ndata: x\n\n", data_only("x"), id="before-data"),
        pytest.param(b":data: not a field\n\n", [], id="comment-looking-like-field"),
    ],
)
def test_comments_are_ignored(body: bytes, expected: list[Event]) -> None:
    assert decode_all([body]) == expected


def test_blank_lines_alone_dispatch_nothing() -> None:
    assert decode_all([b"\n\n\r\n\r\r\n\n"]) == []


def test_event_name_and_retry_do_not_carry_over_but_id_does() -> None:
    body = b"event: first\nid: 7\nretry: 5\ndata: a\n\ndata: b\n\n"
    assert decode_all([body]) == [("first", "a", "7", 5), (None, "b", "7", None)]


def test_json_decodes_the_data() -> None:
    (event,) = SSEDecoder().decode(b'data: {"a": [1, 2],\ndata:  "b": null}\n\n')
    assert event.data == '{"a": [1, 2],\n "b": null}'
    assert event.json() == {"a": [1, 2], "b": None}


def test_empty_input() -> None:
    decoder = SSEDecoder()
    assert decoder.decode(b"") == []
    assert decoder.flush() == []


# -- incremental behaviour -----------------------------------------------------------------


def test_events_are_returned_as_soon_as_they_are_complete() -> None:
    decoder = SSEDecoder()
    assert decoder.decode(b"data: a") == []
    first = decoder.decode(b"\n\ndata: b\n")
    assert [as_tuple(e) for e in first] == data_only("a")
    second = decoder.decode(b"\ndata: c\n\ndata: d\n\n")
    assert [as_tuple(e) for e in second] == data_only("b", "c", "d")
    assert decoder.flush() == []


def test_several_events_in_one_piece() -> None:
    body = b"".join(f"data: {i}\n\n".encode() for i in range(50))
    assert decode_all([body]) == data_only(*(str(i) for i in range(50)))


def test_partial_line_at_end_of_input_is_dropped() -> None:
    decoder = SSEDecoder()
    assert [as_tuple(e) for e in decoder.decode(b"data: done\n\ndata: cut")] == data_only("done")
    assert decoder.flush() == []


def test_flush_dispatches_an_event_whose_lines_all_arrived() -> None:
    decoder = SSEDecoder()
    assert [as_tuple(e) for e in decoder.decode(b"data: a\n\nevent: e\ndata: b\n")] == data_only(
        "a"
    )
    assert [as_tuple(e) for e in decoder.flush()] == [("e", "b", None, None)]


def test_large_event_in_many_pieces() -> None:
    payload = "x" * 100_000
    body = f"data: {payload}\n\n".encode()
    assert decode_all(body[i : i + 997] for i in range(0, len(body), 997)) == data_only(payload)


# -- line endings --------------------------------------------------------------------------

MIXED = b"event: a\ndata: 1\r\ndata: 2\rid: x\n\r\ndata: 3\r\r"


@pytest.mark.parametrize(
    "eol",
    [pytest.param(b"\n", id="LF"), pytest.param(b"\r\n", id="CRLF"), pytest.param(b"\r", id="CR")],
)
def test_line_endings(eol: bytes) -> None:
    lines = [b"event: greet", b"data: hello", b"data: world", b"", b": c", b"data: 2", b"", b""]
    expected = [("greet", "hello\nworld", None, None), *data_only("2")]
    assert decode_all([eol.join(lines)]) == expected


def test_mixed_line_endings() -> None:
    assert decode_all([MIXED]) == [("a", "1\n2", "x", None), (None, "3", "x", None)]


@pytest.mark.parametrize(
    ("pieces", "expected"),
    [
        pytest.param(
            [b"data: a\r", b"\ndata: b\r\n\r\n"], data_only("a\nb"), id="CR|LF-in-line-ending"
        ),
        pytest.param(
            [b"data: a\r\n\r", b"\ndata: b\r\n\r\n"], data_only("a", "b"), id="CR|LF-in-blank-line"
        ),
        pytest.param(
            [b"data: a\r", b"\n", b"data: b\r\n", b"\r", b"\n"], data_only("a\nb"), id="CR|LF-many"
        ),
        pytest.param(
            [b"data: a\r", b"", b"\ndata: b\r\n\r\n"], data_only("a\nb"), id="CR|empty|LF"
        ),
        pytest.param([b"data: a\r", b"\r"], data_only("a"), id="CR|CR"),
        pytest.param([b"data: a\r\r"], data_only("a"), id="CRCR-at-end"),
        pytest.param(
            [b"data: a\r", b"\r", b"data: b\r\r"], data_only("a", "b"), id="CR-stream-in-pieces"
        ),
    ],
)
def test_carriage_return_at_piece_boundaries(pieces: list[bytes], expected: list[Event]) -> None:
    assert decode_all(pieces) == expected


# -- byte order mark and unicode -----------------------------------------------------------

BOM = "\ufeff".encode()


@pytest.mark.parametrize(
    "pieces",
    [
        pytest.param([BOM + b"data: x\n\n"], id="whole"),
        pytest.param([BOM, b"data: x\n\n"], id="bom-alone"),
        pytest.param([BOM[:1], BOM[1:2], BOM[2:] + b"data: x\n\n"], id="bom-split"),
    ],
)
def test_leading_bom_is_ignored(pieces: list[bytes]) -> None:
    assert decode_all(pieces) == data_only("x")


UNICODE_TEXT = "héllo wörld € 😀 中文"
UNICODE_BODY = f"data: {UNICODE_TEXT}\n\n".encode()


def test_unicode_byte_by_byte() -> None:
    assert decode_all(UNICODE_BODY[i : i + 1] for i in range(len(UNICODE_BODY))) == data_only(
        UNICODE_TEXT
    )


@pytest.mark.parametrize("offset", range(6, 6 + len(UNICODE_TEXT.encode())))
def test_unicode_split_mid_codepoint(offset: int) -> None:
    pieces = [UNICODE_BODY[:offset], UNICODE_BODY[offset:]]
    assert decode_all(pieces) == data_only(UNICODE_TEXT)


# -- every boundary ------------------------------------------------------------------------


def _body(eol: str) -> tuple[bytes, list[Event]]:
    text = eol.join(
        [
            ": stream opened",
            "event: message",
            "id: 1",
            "data: {",
            'data: "text": "naïve ✓ 🚀"',
            "data: }",
            "",
            "data:no-space",
            "retry: 250",
            "",
            ": ping",
            "",
            "data",
            "",
            "data: [DONE]",
            "",
            "",
        ]
    )
    expected: list[Event] = [
        ("message", '{\n"text": "naïve ✓ 🚀"\n}', "1", None),
        (None, "no-space", "1", 250),
        (None, "", "1", None),
        (None, "[DONE]", "1", None),
    ]
    return text.encode(), expected


BODIES = {
    "LF": _body("\n"),
    "CRLF": _body("\r\n"),
    "CR": _body("\r"),
    "BOM+CRLF": (BOM + _body("\r\n")[0], _body("\r\n")[1]),
}


@pytest.mark.parametrize("name", list(BODIES))
def test_whole_body(name: str) -> None:
    body, expected = BODIES[name]
    assert decode_all([body]) == expected


@pytest.mark.parametrize("name", list(BODIES))
def test_split_at_every_offset(name: str) -> None:
    body, expected = BODIES[name]
    for offset in range(len(body) + 1):
        got = decode_all([body[:offset], body[offset:]])
        assert got == expected, f"split at byte {offset}: {body[:offset]!r} | {body[offset:]!r}"


@pytest.mark.parametrize("name", list(BODIES))
@pytest.mark.parametrize("size", [1, 2, 3, 7, 13])
def test_fixed_size_pieces(name: str, size: int) -> None:
    body, expected = BODIES[name]
    assert decode_all(body[i : i + size] for i in range(0, len(body), size)) == expected


SHORT = ": c\r\nevent: e\r\ndata: a\r\ndata: é\r\n\r\ndata: b\r\r\n".encode()


def test_split_at_every_pair_of_offsets() -> None:
    expected = [("e", "a\né", None, None), (None, "b", None, None)]
    for i in range(len(SHORT) + 1):
        for j in range(i, len(SHORT) + 1):
            got = decode_all([SHORT[:i], SHORT[i:j], SHORT[j:]])
            assert got == expected, f"split at {i} and {j}"


def test_empty_pieces_change_nothing() -> None:
    body, expected = BODIES["CRLF"]
    pieces: list[bytes] = []
    for i in range(len(body)):
        pieces += [b"", body[i : i + 1]]
    assert decode_all(pieces) == expected
