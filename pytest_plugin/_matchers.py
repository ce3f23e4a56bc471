"""Which recorded request answers a live one: small named matchers that explain a miss.

A matcher is a key function over a :class:`RequestView` (a request reduced to
what matching looks at, secrets already scrubbed) plus an ``explain`` that says
in one line how a recorded request and a live one differ. Keys are hashable,
so a cassette indexes its interactions by the tuple of keys once, at load, and
finds the answer to a request with one dict lookup.

Default (:data:`DEFAULT_MATCH_ON`): ``method``, ``path``, ``query``, ``body``.
The host is not matched by default, so a cassette recorded against
api.openai.com replays against a mock at any address. Available:

- ``method``; ``scheme``, ``host``, ``port``; ``path`` (percent-decoded, runs of
  ``/`` collapsed); ``uri`` (all of those plus the query);
- ``query``: the parameters in any order, secret ones (``api-key``, ``key``,
  ...) left out;
- ``body``: JSON compared as data (key order ignored) without the volatile
  top-level fields :data:`VOLATILE_FIELDS`; multipart uploads compared by
  their fields and file contents (not the boundary or the part order);
  anything else byte for byte;
- ``json_body``: like ``body`` but every field counts;
- ``raw_body``: the bytes exactly (after scrubbing).

Volatile fields are the ones that tag or attribute a request without changing
what the API answers, and that applications commonly fill with per-run values
(request ids, timestamps, session ids): ``user``, ``metadata``,
``safety_identifier``, ``prompt_cache_key``. ``stream`` and
``stream_options`` are not volatile: they change the shape of the answer.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any, Final
from urllib.parse import parse_qsl, unquote, urlsplit

from openai_kit.pytest_plugin._forms import form_parts
from openai_kit.pytest_plugin._model import Headers, header_value
from openai_kit.pytest_plugin._scrub import is_secret_param, scrub_bytes

__all__ = [
    "DEFAULT_MATCH_ON",
    "MATCHERS",
    "VOLATILE_FIELDS",
    "Matcher",
    "RequestView",
    "differences",
    "json_differences",
    "resolve_matchers",
]

VOLATILE_FIELDS: Final = frozenset({"user", "metadata", "safety_identifier", "prompt_cache_key"})
DEFAULT_MATCH_ON: Final = ("method", "path", "query", "body")

_SLASHES: Final = re.compile(r"/{2,}")
_BOUNDARY: Final = re.compile(r"boundary=\"?([^\";]+)\"?", re.IGNORECASE)
_NOT_JSON: Final = object()
_SHOWN: Final = 3  # differences named per body

Explain = Callable[["RequestView", "RequestView"], str]


@dataclass(frozen=True, slots=True)
class RequestView:
    """A request as matchers see it: parsed URL, sorted non-secret query, scrubbed body."""

    method: str
    scheme: str
    host: str
    port: int | None
    path: str
    query: tuple[tuple[str, str], ...]
    content_type: str
    body: bytes

    @classmethod
    def build(cls, method: str, uri: str, headers: Headers, body: bytes) -> RequestView:
        parts = urlsplit(uri)
        try:
            port = parts.port
        except ValueError:
            port = None
        query = tuple(
            sorted(
                (name, value)
                for name, value in parse_qsl(parts.query, keep_blank_values=True)
                if not is_secret_param(name)
            )
        )
        return cls(
            method=method.upper(),
            scheme=parts.scheme.lower(),
            host=(parts.hostname or "").lower(),
            port=port,
            path=_SLASHES.sub("/", unquote(parts.path)) or "/",
            query=query,
            content_type=header_value(headers, "content-type") or "",
            body=scrub_bytes(body),
        )

    def json(self) -> Any:
        """The body parsed as JSON, or a private sentinel when it is empty or not JSON."""
        if not self.body or self.body.lstrip()[:1] not in (b"{", b"["):
            return _NOT_JSON
        try:
            return json.loads(self.body)
        except (ValueError, RecursionError):
            return _NOT_JSON


# --------------------------------------------------------------------------------------------
# Key functions: one per matcher, named after it
# --------------------------------------------------------------------------------------------


def method(request: RequestView) -> Hashable:
    return request.method


def scheme(request: RequestView) -> Hashable:
    return request.scheme


def host(request: RequestView) -> Hashable:
    return request.host


def port(request: RequestView) -> Hashable:
    default = {"https": 443, "http": 80}.get(request.scheme)
    return request.port if request.port is not None else default


def path(request: RequestView) -> Hashable:
    return request.path


def query(request: RequestView) -> Hashable:
    return request.query


def uri(request: RequestView) -> Hashable:
    return (scheme(request), host(request), port(request), path(request), query(request))


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _without_volatile(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: item for key, item in value.items() if key not in VOLATILE_FIELDS}
    return value


def _boundary_free(request: RequestView) -> bytes:
    found = _BOUNDARY.search(request.content_type)
    if not found or not request.content_type.lower().startswith("multipart/"):
        return request.body
    return request.body.replace(found.group(1).encode("latin-1"), b"BOUNDARY")


def _not_json_key(request: RequestView) -> Hashable:
    """A multipart upload by its fields and file contents; other bodies by their bytes."""
    parts = form_parts(request.content_type, request.body)
    if parts is not None:
        return ("form", parts)
    return ("bytes", _boundary_free(request))


def json_body(request: RequestView) -> Hashable:
    parsed = request.json()
    if parsed is _NOT_JSON:
        return _not_json_key(request)
    return ("json", _canonical(parsed))


def body(request: RequestView) -> Hashable:
    parsed = request.json()
    if parsed is _NOT_JSON:
        return _not_json_key(request)
    return ("json", _canonical(_without_volatile(parsed)))


def raw_body(request: RequestView) -> Hashable:
    return request.body


# --------------------------------------------------------------------------------------------
# Explanations: what differs, in one line
# --------------------------------------------------------------------------------------------


def _short(value: object, limit: int = 60) -> str:
    text = json.dumps(value, ensure_ascii=False, default=repr)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def json_differences(recorded: Any, live: Any, where: str = "$") -> Iterator[str]:
    """Each place where two JSON values differ, as ``<path>: recorded X, this request Y``."""
    if isinstance(recorded, dict) and isinstance(live, dict):
        for key in sorted(recorded.keys() | live.keys()):
            here = f"{where}.{key}"
            if key not in live:
                yield f"{here}: recorded {_short(recorded[key])}, absent from this request"
            elif key not in recorded:
                yield f"{here}: {_short(live[key])} in this request, absent from the recording"
            else:
                yield from json_differences(recorded[key], live[key], here)
    elif isinstance(recorded, list) and isinstance(live, list):
        for index, (a, b) in enumerate(zip(recorded, live, strict=False)):
            yield from json_differences(a, b, f"{where}[{index}]")
        if len(recorded) != len(live):
            yield f"{where}: recorded {len(recorded)} items, this request {len(live)}"
    elif recorded != live or type(recorded) is not type(live):
        yield f"{where}: recorded {_short(recorded)}, this request {_short(live)}"


def _first_byte_difference(a: bytes, b: bytes) -> int:
    for index, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            return index
    return min(len(a), len(b))


def _explain_keys(name: str, key: Callable[[RequestView], Hashable]) -> Explain:
    def explain(recorded: RequestView, live: RequestView) -> str:
        return f"{name}: recorded {_short(key(recorded))}, this request {_short(key(live))}"

    return explain


def _explain_query(recorded: RequestView, live: RequestView) -> str:
    before, after = set(recorded.query), set(live.query)
    parts = []
    if before - after:
        parts.append("recorded only " + "&".join(f"{k}={v}" for k, v in sorted(before - after)))
    if after - before:
        parts.append("this request only " + "&".join(f"{k}={v}" for k, v in sorted(after - before)))
    return "query: " + "; ".join(parts)


def _explain_body(strip: Callable[[Any], Any]) -> Explain:
    def explain(recorded: RequestView, live: RequestView) -> str:
        a, b = recorded.json(), live.json()
        if a is _NOT_JSON and b is _NOT_JSON:
            forms = (
                form_parts(recorded.content_type, recorded.body),
                form_parts(live.content_type, live.body),
            )
            if forms[0] is not None and forms[1] is not None:
                only = sorted(set(forms[0]) ^ set(forms[1]))
                names = ", ".join(dict.fromkeys(part[0] for part in only))
                return f"body: the multipart forms differ in {names}"
            first = _first_byte_difference(_boundary_free(recorded), _boundary_free(live))
            return (
                f"body: recorded {len(recorded.body)} bytes, this request {len(live.body)};"
                f" they differ from byte {first}"
            )
        if a is _NOT_JSON or b is _NOT_JSON:
            kinds = ["JSON" if x is not _NOT_JSON else "not JSON" for x in (a, b)]
            return f"body: recorded {kinds[0]}, this request {kinds[1]}"
        found = list(islice(json_differences(strip(a), strip(b)), _SHOWN + 1))
        more = " (and more)" if len(found) > _SHOWN else ""
        return "body: " + "; ".join(found[:_SHOWN]) + more

    return explain


@dataclass(frozen=True, slots=True)
class Matcher:
    """A named key function and the one-line explanation of a mismatch."""

    name: str
    key: Callable[[RequestView], Hashable]
    explain: Explain


def _matcher(key: Callable[[RequestView], Hashable], explain: Explain | None = None) -> Matcher:
    return Matcher(key.__name__, key, explain or _explain_keys(key.__name__, key))


MATCHERS: Final[dict[str, Matcher]] = {
    m.name: m
    for m in (
        _matcher(method),
        _matcher(scheme),
        _matcher(host),
        _matcher(port),
        _matcher(path),
        _matcher(query, _explain_query),
        _matcher(uri),
        _matcher(body, _explain_body(_without_volatile)),
        _matcher(json_body, _explain_body(lambda value: value)),
        _matcher(raw_body, _explain_keys("raw_body", lambda r: r.body.decode("utf-8", "replace"))),
    )
}


def resolve_matchers(match_on: Sequence[str] | None) -> tuple[Matcher, ...]:
    """The matchers named by ``match_on`` (None: :data:`DEFAULT_MATCH_ON`)."""
    if isinstance(match_on, str):
        raise TypeError(
            f"match_on must be a sequence of matcher names, not the string {match_on!r}"
        )
    names = DEFAULT_MATCH_ON if match_on is None else tuple(match_on)
    unknown = [name for name in names if name not in MATCHERS]
    if unknown:
        valid = ", ".join(MATCHERS)
        raise ValueError(
            f"unknown cassette matcher(s) {', '.join(map(repr, unknown))}; valid: {valid}"
        )
    if not names:
        raise ValueError("match_on needs at least one matcher name")
    return tuple(MATCHERS[name] for name in dict.fromkeys(names))


def differences(matchers: Sequence[Matcher], recorded: RequestView, live: RequestView) -> list[str]:
    """One line per matcher that tells ``recorded`` and ``live`` apart (empty: they match)."""
    return [m.explain(recorded, live) for m in matchers if m.key(recorded) != m.key(live)]
