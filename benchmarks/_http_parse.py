"""The load generator's HTTP/1.1 response parser: status, body by length or chunks, and
the SSE events of a stream, counted as bytes arrive (no copies of whole bodies)."""

from __future__ import annotations

import re

__all__ = ["ProtocolError", "ResponseParser"]

_CONTENT_LENGTH = re.compile(rb"\r\ncontent-length:[ \t]*(\d+)")
_CHUNKED = re.compile(rb"\r\ntransfer-encoding:[ \t]*chunked")
_DONE = b"data: [DONE]\n\n"

# parser states
_HEAD, _BODY, _SIZE, _CHUNK, _TRAILER = range(5)


class ProtocolError(Exception):
    """The server sent something this generator cannot frame."""


class ResponseParser:
    """Incremental HTTP/1.1 response framing, with SSE ``data:`` events counted.

    :meth:`feed` takes bytes as they arrive and says how many whole
    responses and how many events they completed. ``status`` is the status
    of the latest response; ``stream_complete`` whether its body ended with
    ``data: [DONE]``.
    """

    __slots__ = (
        "_buf",
        "_count_events",
        "_done_seen",
        "_need",
        "_state",
        "_tail",
        "status",
        "stream_complete",
    )

    def __init__(self, *, count_events: bool) -> None:
        self._count_events = count_events
        self._buf = bytearray()
        self._tail = bytearray()
        self._state = _HEAD
        self._need = 0
        self._done_seen = False
        self.status = 0
        self.stream_complete = False

    def feed(self, data: bytes) -> tuple[int, int]:
        """(responses completed, ``data:`` events seen) by this piece of input."""
        buf = self._buf
        buf += data
        pos = 0
        responses = events = 0
        count = self._count_events
        while True:
            state = self._state
            if state == _CHUNK:
                need = self._need
                avail = len(buf) - pos
                if avail < need + 2:  # wait for the whole chunk and its CRLF
                    break
                if count:
                    self._tail += buf[pos : pos + need]
                pos += need
                if buf[pos : pos + 2] != b"\r\n":
                    raise ProtocolError("a chunk does not end with CRLF")
                pos += 2
                self._state = _SIZE
            elif state == _SIZE:
                end = buf.find(b"\r\n", pos)
                if end < 0:
                    break
                try:
                    size = int(buf[pos:end], 16)
                except ValueError:
                    size = _chunk_size(bytes(buf[pos:end]))
                pos = end + 2
                self._need = size
                self._state = _CHUNK if size else _TRAILER
            elif state == _HEAD:
                end = buf.find(b"\r\n\r\n", pos)
                if end < 0:
                    break
                chunked, length = self._head(bytes(buf[pos : end + 2]))
                pos = end + 4
                if chunked:
                    self._state = _SIZE
                elif length:
                    self._need = length
                    self._state = _BODY
                else:
                    responses += self._finish()
            elif state == _BODY:
                take = min(self._need, len(buf) - pos)
                if not take:
                    break
                if count:
                    self._tail += buf[pos : pos + take]
                pos += take
                self._need -= take
                if not self._need:
                    self._state = _HEAD
                    events += self._scan()
                    responses += self._finish()
            else:  # _TRAILER: header lines after the last chunk, then an empty line
                end = buf.find(b"\r\n", pos)
                if end < 0:
                    break
                empty = end == pos
                pos = end + 2
                if empty:
                    self._state = _HEAD
                    events += self._scan()
                    responses += self._finish()
        del buf[:pos]
        if count and self._tail:
            events += self._scan()
        return responses, events

    def _head(self, head: bytes) -> tuple[bool, int]:
        parts = head.split(b" ", 2)
        if len(parts) < 2 or not parts[0].startswith(b"HTTP/1."):
            raise ProtocolError(f"not an HTTP/1.x status line: {head[:40]!r}")
        try:
            self.status = int(parts[1])
        except ValueError:
            raise ProtocolError(f"bad status: {parts[1]!r}") from None
        lower = head.lower()
        if _CHUNKED.search(lower):
            return True, 0
        match = _CONTENT_LENGTH.search(lower)
        if match is None:
            raise ProtocolError("a response with neither Content-Length nor chunked encoding")
        return False, int(match.group(1))

    def _scan(self) -> int:
        """Count the ``data:`` events completed in the body read so far.

        Events end with a blank line (``\\n\\n``, as OpenAI sends them); a JSON
        payload cannot hold a raw newline, so counting event starts that
        read ``data:`` counts the data events, minus the ``[DONE]`` marker.
        """
        tail = self._tail
        last = tail.rfind(b"\n\n")
        if last < 0:
            return 0
        block = bytes(tail[: last + 2])
        del tail[: last + 2]
        starts = block.count(b"\n\ndata:") + block.startswith(b"data:")
        done = block.count(_DONE)
        if done:
            self._done_seen = True
        return starts - done

    def _finish(self) -> int:
        self.stream_complete = self._done_seen
        self._done_seen = False
        self._tail.clear()
        return 1


def _chunk_size(line: bytes) -> int:
    try:
        return int(line.split(b";", 1)[0].strip(), 16)
    except ValueError:
        raise ProtocolError(f"bad chunk size line: {line[:40]!r}") from None
