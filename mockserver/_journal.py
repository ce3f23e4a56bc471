"""The request journal: every API call the mock received, in arrival order."""

from __future__ import annotations

import itertools
import threading
from bisect import bisect_left
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Final, Literal, overload

from openai_kit.mockserver._strict_json import loads as _strict_loads

__all__ = [
    "DEFAULT_BODY_LIMIT",
    "DEFAULT_JOURNAL_BYTES",
    "SECRET_HEADERS",
    "TRUNCATED",
    "FilterError",
    "RecordedRequest",
    "RequestJournal",
    "Style",
    "filter_params",
    "journal_headers",
    "read_headers",
    "redact_headers",
]

Style = Literal["openai", "azure", "azure_v1"]

# Header names whose values never reach the journal.
SECRET_HEADERS = frozenset(
    {
        "authorization",
        "api-key",
        "proxy-authorization",
        "cookie",
        "x-api-key",
        "ocp-apim-subscription-key",
    }
)
REDACTED = "<redacted>"
#: What stands for a value of a body too large to keep whole.
TRUNCATED: Final = "<truncated>"
#: Bytes of a request body the journal keeps whole; larger ones keep their small top-level fields.
DEFAULT_BODY_LIMIT: Final = 1 << 20
#: Bytes the whole journal holds at most (bodies and headers); the oldest entries go first.
DEFAULT_JOURNAL_BYTES: Final = 64 << 20
# what an entry costs besides its body and headers (the object, its dicts)
_ENTRY_OVERHEAD: Final = 600
# a top-level string a truncated body keeps (``model``, ``user``...)
_KEPT_STRING: Final = 256


def _redacted(key: str, value: str) -> str:
    scheme, _, rest = value.strip().partition(" ")
    return f"{scheme} {REDACTED}" if key.endswith("authorization") and rest else REDACTED


def redact_headers(headers: Mapping[str, str] | Sequence[tuple[str, str]]) -> dict[str, str]:
    """Headers with lowercase names and secrets replaced.

    ``Authorization`` keeps its scheme (``"Bearer <redacted>"``) so a test can
    still see how a client authenticated.
    """
    items = headers.items() if isinstance(headers, Mapping) else headers
    out: dict[str, str] = {}
    for name, value in items:
        key = name.lower()
        if key in SECRET_HEADERS:
            value = _redacted(key, value)
        out[key] = value
    return out


def journal_headers(raw: Iterable[tuple[bytes, bytes]]) -> dict[str, str]:
    """An ASGI request's headers as the journal keeps them: :func:`redact_headers` of them decoded."""
    return redact_headers(
        [(name.decode("latin-1"), value.decode("latin-1")) for name, value in raw]
    )


def read_headers(raw: Iterable[tuple[bytes, bytes]]) -> dict[str, str]:
    """An ASGI request's headers decoded once, each name as sent mapped to its first value.

    ``get`` with a lowercase name answers what Starlette's ``Headers.get`` answers.
    """
    lookup: dict[str, str] = {}
    for raw_name, raw_value in raw:
        name = raw_name.decode("latin-1")
        if name not in lookup:
            lookup[name] = raw_value.decode("latin-1")
    return lookup


def _json_object(raw: bytes) -> dict[str, Any] | None:
    try:
        parsed = _strict_loads(raw)
    except ValueError:
        return None
    return parsed if isinstance(parsed, dict) else None


def _small(value: object) -> bool:
    if isinstance(value, str):
        return len(value) <= _KEPT_STRING
    return value is None or isinstance(value, bool | int | float)


def truncated_body(raw: bytes) -> dict[str, Any]:
    """What the journal keeps of a JSON body too large to keep whole.

    Its small top-level fields (``model``, ``stream``, numbers...) as sent;
    every other value is :data:`TRUNCATED`, and ``"<truncated>"`` itself
    holds the body's size in bytes.
    """
    parsed = _json_object(raw)
    kept: dict[str, Any] = {}
    if parsed is not None:
        kept = {k: v if _small(v) else TRUNCATED for k, v in parsed.items()}
    kept[TRUNCATED] = len(raw)
    return kept


class RecordedRequest:
    """One request as the mock saw it (secrets redacted).

    ``operation`` is the SDK method path (``"chat.completions.create"``) or
    None for a path the mock does not serve; ``style`` tells which route
    family answered; ``json`` is the parsed body as sent (None when it was
    not a JSON object); ``form`` holds the text fields of a multipart body (file
    fields as their file name); ``status`` is the response status.
    ``fault`` is None, or the injected fault's JSON form plus ``"rule"`` (the
    rule's id, None for an ``x-mock-fault`` header), ``"source"`` and, for a
    rate-limit 429, ``"limited"`` (``"requests"`` or ``"tokens"``). ``script`` is None, or
    the ``operation`` and ``kind`` of the scripted response that answered.

    The server records the raw ASGI headers and, when nothing parsed the body
    yet, its raw bytes: ``headers`` are decoded and redacted, ``json`` parsed,
    when first read (a fresh object per entry either way), so the journal
    costs the hot path no decoding that no test looks at.
    """

    __slots__ = (
        "_headers",
        "_json",
        "_raw_body",
        "_raw_headers",
        "deployment",
        "fault",
        "form",
        "method",
        "operation",
        "path",
        "query",
        "request_id",
        "script",
        "serial",
        "size",
        "status",
        "style",
    )

    def __init__(
        self,
        operation: str | None,
        method: str,
        path: str,
        query: dict[str, str],
        headers: dict[str, str],
        json: Any = None,
        status: int | None = None,
        style: Style = "openai",
        deployment: str | None = None,
        request_id: str = "",
        form: dict[str, str] | None = None,
        fault: dict[str, Any] | None = None,
    ) -> None:
        self.operation = operation
        self.method = method
        self.path = path
        self.query = query
        self._headers: dict[str, str] | None = headers
        self._raw_headers: list[tuple[bytes, bytes]] | None = None
        self._json: Any = json
        self._raw_body: bytes | None = None
        self.status = status
        self.style: Style = style
        self.deployment = deployment
        self.request_id = request_id
        self.form = form
        self.fault = fault
        self.script: dict[str, Any] | None = None
        self.size = 0
        self.serial = 0  # its number in a journal (0: not journaled); see RequestJournal.find

    @classmethod
    def from_asgi(
        cls,
        operation: str | None,
        method: str,
        path: str,
        query: dict[str, str],
        raw_headers: list[tuple[bytes, bytes]],
        *,
        style: Style,
        deployment: str | None,
        request_id: str,
        json_body: bytes | None = None,
        status: int | None = None,
    ) -> RecordedRequest:
        """An entry whose headers (and ``json_body``, a JSON object's bytes) are decoded when read."""
        entry = cls(operation, method, path, query, {}, None, status, style, deployment, request_id)
        entry._headers = None
        entry._raw_headers = raw_headers
        entry._raw_body = json_body
        return entry

    @property
    def headers(self) -> dict[str, str]:
        headers = self._headers
        if headers is None:
            # the raw list stays: a reader on another thread may be decoding it too
            headers = self._headers = journal_headers(self._raw_headers or ())
        return headers

    @headers.setter
    def headers(self, value: dict[str, str]) -> None:
        self._headers = value
        self._raw_headers = None

    @property
    def json(self) -> Any:
        raw = self._raw_body
        if raw is not None:
            self._json = _json_object(raw)
            self._raw_body = None
        return self._json

    @json.setter
    def json(self, value: Any) -> None:
        self._json = value
        self._raw_body = None

    @property
    def model(self) -> str | None:
        """The ``model`` of a JSON body, else the Azure deployment."""
        body = self.json
        if isinstance(body, dict) and isinstance(body.get("model"), str):
            return str(body["model"])
        return self.deployment

    def to_json(self) -> dict[str, Any]:
        return {
            "operation": self.operation,
            "method": self.method,
            "path": self.path,
            "query": dict(self.query),
            "headers": dict(self.headers),
            "json": self.json,
            "form": None if self.form is None else dict(self.form),
            "status": self.status,
            "style": self.style,
            "deployment": self.deployment,
            "request_id": self.request_id,
            "fault": None if self.fault is None else dict(self.fault),
            "script": None if self.script is None else dict(self.script),
        }

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, RecordedRequest)
        return self.to_json() == other.to_json()

    __hash__ = None  # type: ignore[assignment]  # mutable, compared by value

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={value!r}" for name, value in self.to_json().items())
        return f"RecordedRequest({fields})"


class RequestJournal(Sequence[RecordedRequest]):
    """A thread-safe list of :class:`RecordedRequest`, oldest first, bounded twice.

    At most ``maxlen`` entries (None: no count limit) and about ``max_bytes``
    bytes of bodies and headers (None: no byte limit); the oldest entries go
    first. A JSON body over ``body_limit`` bytes is kept as
    :func:`truncated_body` says.
    """

    def __init__(
        self,
        maxlen: int | None = 10_000,
        *,
        max_bytes: int | None = DEFAULT_JOURNAL_BYTES,
        body_limit: int = DEFAULT_BODY_LIMIT,
    ) -> None:
        for name, value in (("maxlen", maxlen), ("max_bytes", max_bytes)):
            if value is not None and (isinstance(value, bool) or value < 1):
                raise ValueError(f"{name} must be None or a positive integer")
        if isinstance(body_limit, bool) or body_limit < 0:
            raise ValueError("body_limit must be an integer >= 0")
        self._entries: deque[RecordedRequest] = deque(maxlen=maxlen)
        self.max_bytes = max_bytes
        self.body_limit = body_limit
        self._bytes = 0
        self._lock = threading.Lock()

    def append(self, entry: RecordedRequest) -> None:
        raw = entry._raw_body
        if raw is not None and len(raw) > self.body_limit:
            entry._json = truncated_body(raw)
            entry._raw_body = None
        size = _ENTRY_OVERHEAD + (0 if entry._raw_body is None else len(entry._raw_body))
        size += sum(len(n) + len(v) for n, v in entry._raw_headers or ())
        entry.size = size
        with self._lock:
            entry.serial = next(_SERIALS)
            entries = self._entries
            if entries.maxlen is not None and len(entries) == entries.maxlen:
                self._bytes -= entries[0].size
            entries.append(entry)
            self._bytes += size
            if self.max_bytes is not None:
                while self._bytes > self.max_bytes and len(entries) > 1:
                    self._bytes -= entries.popleft().size

    @property
    def bytes(self) -> int:
        """What the entries held cost, about (see ``max_bytes``)."""
        return self._bytes

    def clear(self) -> int:
        """Forget every entry; returns how many there were."""
        with self._lock:
            count = len(self._entries)
            self._entries.clear()
            self._bytes = 0
            return count

    def find(self, serial: int) -> RecordedRequest | None:
        """The entry numbered ``serial`` (its :attr:`~RecordedRequest.serial`) while the
        journal keeps it, else None. Numbers grow in the journal's order and never repeat in
        a process, so whoever holds one (the dashboard's observations) holds no entry the
        journal has let go."""
        with self._lock:
            entries = self._entries
            index = bisect_left(entries, serial, key=_serial_of)
            if index < len(entries) and entries[index].serial == serial:
                return entries[index]
        return None

    def snapshot(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._entries)

    def filter(
        self,
        operation: str | None = None,
        *,
        method: str | None = None,
        path: str | None = None,
        status: int | None = None,
        model: str | None = None,
        style: Style | None = None,
        since: str | None = None,
    ) -> list[RecordedRequest]:
        """Entries matching every criterion given.

        ``since`` is a ``request_id``: only the entries recorded after that one
        count (a ``ValueError`` when no entry has it).
        """
        entries = self.snapshot()
        if since is not None:
            ids = [e.request_id for e in entries]
            if since not in ids:
                raise ValueError(f"no journal entry has the request_id {since!r}")
            entries = entries[ids.index(since) + 1 :]
        return [
            e
            for e in entries
            if (operation is None or e.operation == operation)
            and (method is None or e.method == method.upper())
            and (path is None or e.path == path)
            and (status is None or e.status == status)
            and (model is None or e.model == model)
            and (style is None or e.style == style)
        ]

    @property
    def last(self) -> RecordedRequest:
        """The most recent entry; LookupError when nothing was recorded."""
        with self._lock:
            if not self._entries:
                raise LookupError("the mock server has not received any request")
            return self._entries[-1]

    def to_json(self) -> list[dict[str, Any]]:
        return [e.to_json() for e in self.snapshot()]

    def page(
        self,
        *,
        after: str | None = None,
        limit: int | None = None,
        entries: Sequence[RecordedRequest] | None = None,
    ) -> dict[str, Any]:
        """``{"data", "has_more", "first_id", "last_id"}``: entries after the one whose
        ``request_id`` is ``after`` (from the oldest without it), ``limit`` of them at most;
        of ``entries`` (a filtered selection) when given, else of the whole journal."""
        entries = self.snapshot() if entries is None else list(entries)
        if after is not None:
            ids = [e.request_id for e in entries]
            entries = entries[ids.index(after) + 1 :] if after in ids else []
        has_more = limit is not None and len(entries) > limit
        if limit is not None:
            entries = entries[:limit]
        return {
            "data": [e.to_json() for e in entries],
            "has_more": has_more,
            "first_id": entries[0].request_id if entries else None,
            "last_id": entries[-1].request_id if entries else None,
        }

    @overload
    def __getitem__(self, index: int) -> RecordedRequest: ...
    @overload
    def __getitem__(self, index: slice) -> list[RecordedRequest]: ...
    def __getitem__(self, index: int | slice) -> RecordedRequest | list[RecordedRequest]:
        return self.snapshot()[index]

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[RecordedRequest]:
        return iter(self.snapshot())

    def __repr__(self) -> str:
        return f"<RequestJournal {len(self)} requests>"


#: Journal entries' numbers, from 1, shared by every journal of the process.
_SERIALS: Final = itertools.count(1)


def _serial_of(entry: RecordedRequest) -> int:
    return entry.serial


_FILTERS = ("operation", "method", "path", "status", "model", "style", "since")
_STYLES: tuple[Style, ...] = ("openai", "azure", "azure_v1")


class FilterError(ValueError):
    """A journal filter that cannot apply; ``param`` names it."""

    def __init__(self, message: str, param: str) -> None:
        super().__init__(message)
        self.param = param


def filter_params(journal: RequestJournal, params: Mapping[str, str]) -> list[RecordedRequest]:
    """:meth:`RequestJournal.filter` driven by query parameters (``?operation=...&status=429``).

    An unknown parameter or a bad value raises :class:`FilterError` naming it.
    """
    unknown = sorted(set(params) - set(_FILTERS))
    if unknown:
        raise FilterError(
            f"unknown filter {', '.join(unknown)}; the journal filters on {', '.join(_FILTERS)}",
            unknown[0],
        )
    status: int | None = None
    if "status" in params:
        try:
            status = int(params["status"])
        except ValueError:
            raise FilterError(
                f"status must be an integer, got {params['status']!r}", "status"
            ) from None
    style = params.get("style")
    if style is not None and style not in _STYLES:
        raise FilterError(f"style must be one of {', '.join(_STYLES)}, got {style!r}", "style")
    since = params.get("since")
    if since is not None and all(entry.request_id != since for entry in journal):
        raise FilterError(f"no journal entry has the request_id {since!r}", "since")
    return journal.filter(
        params.get("operation"),
        method=params.get("method"),
        path=params.get("path"),
        status=status,
        model=params.get("model"),
        style=next((s for s in _STYLES if s == style), None),
        since=params.get("since"),
    )
