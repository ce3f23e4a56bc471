"""The request journal: every API call the mock received, in arrival order."""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, overload

__all__ = [
    "SECRET_HEADERS",
    "RecordedRequest",
    "RequestJournal",
    "Style",
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


def read_headers(raw: Iterable[tuple[bytes, bytes]]) -> tuple[dict[str, str], dict[str, str]]:
    """An ASGI request's headers, decoded once: ``(lookup, journal)``.

    ``lookup`` maps each name as sent to its first value, so that ``get`` with
    a lowercase name answers what Starlette's ``Headers.get`` answers;
    ``journal`` is :func:`redact_headers` of the same headers.
    """
    lookup: dict[str, str] = {}
    journal: dict[str, str] = {}
    for raw_name, raw_value in raw:
        name = raw_name.decode("latin-1")
        value = raw_value.decode("latin-1")
        if name not in lookup:
            lookup[name] = value
        key = name.lower()
        if key in SECRET_HEADERS:
            value = _redacted(key, value)
        journal[key] = value
    return lookup, journal


@dataclass
class RecordedRequest:
    """One request as the mock saw it (secrets redacted).

    ``operation`` is the SDK method path (``"chat.completions.create"``) or
    None for a path the mock does not serve; ``style`` tells which route
    family answered; ``json`` is the parsed body as sent (None when it was
    not JSON); ``form`` holds the text fields of a multipart body (file
    fields as their file name); ``status`` is the response status.
    ``fault`` is None, or the injected fault's JSON form plus ``"rule"`` (the
    rule's id, None for an ``x-mock-fault`` header), ``"source"`` and, for a
    rate-limit 429, ``"limited"`` (``"requests"`` or ``"tokens"``).
    """

    operation: str | None
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    json: Any = None
    status: int | None = None
    style: Style = "openai"
    deployment: str | None = None
    request_id: str = ""
    form: dict[str, str] | None = field(default=None)
    fault: dict[str, Any] | None = None

    @property
    def model(self) -> str | None:
        """The ``model`` of a JSON body, else the Azure deployment."""
        if isinstance(self.json, dict) and isinstance(self.json.get("model"), str):
            return str(self.json["model"])
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
        }


class RequestJournal(Sequence[RecordedRequest]):
    """A thread-safe, bounded list of :class:`RecordedRequest`, oldest first."""

    def __init__(self, maxlen: int | None = 10_000) -> None:
        self._entries: deque[RecordedRequest] = deque(maxlen=maxlen)
        self._lock = threading.Lock()

    def append(self, entry: RecordedRequest) -> None:
        with self._lock:
            self._entries.append(entry)

    def clear(self) -> int:
        """Forget every entry; returns how many there were."""
        with self._lock:
            count = len(self._entries)
            self._entries.clear()
            return count

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
    ) -> list[RecordedRequest]:
        """Entries matching every criterion given."""
        return [
            e
            for e in self.snapshot()
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
