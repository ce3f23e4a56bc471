"""Observations as the admin API shows them: a summary per request, a detail view of one.

The detail gives the request as the journal kept it (headers redacted, the
JSON body parsed), and the captured response: headers redacted, the body as
text and, when it is JSON, parsed; a stream as its list of events.
"""

from __future__ import annotations

import json
from typing import Any, Final

from openai_kit.mockserver._journal import REDACTED, redact_headers
from openai_kit.mockserver._observe import Observation

__all__ = ["detail_json", "parse_events", "summary_json"]

# query parameters whose values are credentials (Azure and gateways accept some of these)
_SECRET_QUERY: Final = frozenset({"api-key", "api_key", "key", "token", "access_token", "sig"})


def summary_json(o: Observation) -> dict[str, Any]:
    return {
        "seq": o.seq,
        "time": round(o.started, 3),
        "method": o.method,
        "path": o.path,
        "operation": o.operation,
        "model": o.model,
        "status": o.status,
        "duration_ms": round(o.duration * 1000, 3),
        "events": o.events,
        "stream": o.is_stream(),
        "fault": o.fault,
        "script": o.script,
        "source": o.source,
    }


def parse_events(text: str) -> list[dict[str, Any]]:
    """Server-sent events: ``{"event": name or None, "data": parsed JSON or text}`` each."""
    events: list[dict[str, Any]] = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        name: str | None = None
        data: list[str] = []
        for line in block.split("\n"):
            field, _, value = line.partition(":")
            value = value.removeprefix(" ")
            if field == "event":
                name = value
            elif field == "data":
                data.append(value)
        if name is None and not data:
            continue
        joined = "\n".join(data)
        try:
            parsed: Any = json.loads(joined)
        except ValueError:
            parsed = joined
        events.append({"event": name, "data": parsed})
    return events


def _request_json(o: Observation) -> dict[str, Any] | None:
    entry = o.entry
    if entry is None:
        return None
    query = {k: REDACTED if k.lower() in _SECRET_QUERY else v for k, v in entry.query.items()}
    return {
        "style": entry.style,
        "query": query,
        "headers": dict(entry.headers),
        "json": entry.json,
        "form": entry.form,
        "request_id": entry.request_id,
        "deployment": entry.deployment,
    }


def _response_json(o: Observation) -> dict[str, Any]:
    headers = redact_headers(
        [(name.decode("latin-1"), value.decode("latin-1")) for name, value in o.response_headers]
    )
    text = o.body.decode("utf-8", "replace")
    out: dict[str, Any] = {
        "headers": headers,
        "size": o.size,
        "truncated": o.truncated,
        "text": text,
        "json": None,
        "events": None,
    }
    if o.is_stream():
        out["events"] = parse_events(text)
    elif text and not o.truncated and "json" in headers.get("content-type", ""):
        try:
            out["json"] = json.loads(text)
        except ValueError:
            pass
    return out


def detail_json(o: Observation) -> dict[str, Any]:
    return {**summary_json(o), "request": _request_json(o), "response": _response_json(o)}
