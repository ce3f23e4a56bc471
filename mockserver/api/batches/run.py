"""Running a batch's lines: each one answered by the mock's own handler for its endpoint.

A line meets what the same request sent directly meets (faults, scripts, the
handler, its errors), through the pipeline's :func:`answer_inline`; its answer
becomes an output line ``{id, custom_id, response: {status_code, request_id,
body}, error}``. Azure batches address a deployment by each line's ``model``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from openai_kit.mockserver._call import JSONReply, Reply, StreamReply
from openai_kit.mockserver._headers import RequestIds
from openai_kit.mockserver._ids import alnum_id
from openai_kit.mockserver._journal import RecordedRequest, Style
from openai_kit.mockserver._operation import Operation
from openai_kit.mockserver._pipeline import answer_inline
from openai_kit.mockserver.api.batches.validate import BatchRequest

if TYPE_CHECKING:
    from openai_kit.mockserver._core import ServerCore

__all__ = ["LineResult", "LineRunner", "Usage", "error_line"]

_JSON = (b"content-type", b"application/json")
_NO_STREAMS = {
    "error": {
        "message": "Streaming is not supported in batch requests.",
        "type": "invalid_request_error",
        "param": "stream",
        "code": None,
    }
}
_CARRIED = (b"authorization", b"api-key", b"openai-organization", b"openai-project")


@dataclass
class Usage:
    """Tokens summed over a batch's answers (the batch object's ``usage``)."""

    input_tokens: int = 0
    cached_tokens: int = 0
    output_tokens: int = 0
    reasoning_tokens: int = 0
    total_tokens: int = 0

    def add(self, usage: Mapping[str, Any]) -> None:
        given = usage.get("input_tokens", usage.get("prompt_tokens", 0)) or 0
        produced = usage.get("output_tokens", usage.get("completion_tokens", 0)) or 0
        in_details = usage.get("input_tokens_details") or usage.get("prompt_tokens_details") or {}
        out_details = (
            usage.get("output_tokens_details") or usage.get("completion_tokens_details") or {}
        )
        self.input_tokens += given
        self.output_tokens += produced
        self.cached_tokens += in_details.get("cached_tokens") or 0
        self.reasoning_tokens += out_details.get("reasoning_tokens") or 0
        self.total_tokens += usage.get("total_tokens", given + produced) or 0

    def to_json(self) -> dict[str, Any]:
        return {
            "input_tokens": self.input_tokens,
            "input_tokens_details": {"cached_tokens": self.cached_tokens},
            "output_tokens": self.output_tokens,
            "output_tokens_details": {"reasoning_tokens": self.reasoning_tokens},
            "total_tokens": self.total_tokens,
        }


@dataclass
class LineResult:
    """One executed line: its output line and whether it succeeded."""

    text: str
    ok: bool
    usage: Mapping[str, Any] | None = field(default=None)


def _reply_body(reply: Reply) -> Any:
    if isinstance(reply, StreamReply):
        return _NO_STREAMS
    if isinstance(reply, JSONReply):
        return reply.body
    try:
        return json.loads(reply.content)
    except ValueError:
        return reply.content.decode("utf-8", "replace")


def line_id(seed: int, batch_id: str, number: int) -> str:
    return "batch_req_" + alnum_id(seed, f"batch-request-{batch_id}", number, 32)


def error_line(line_ident: str, custom_id: str, code: str, message: str) -> str:
    """An output line for a request that never ran (expired, cancelled)."""
    return json.dumps(
        {
            "id": line_ident,
            "custom_id": custom_id,
            "response": None,
            "error": {"code": code, "message": message},
        }
    )


class LineRunner:
    """Runs lines of the batches of one server (``core``) for a batch's endpoint and style."""

    def __init__(self, core: ServerCore, headers: Mapping[str, str], style: Style) -> None:
        self.core = core
        self.style: Style = "openai" if style == "openai" else "azure_v1"
        self.raw_headers = [_JSON] + [
            (name.encode("latin-1"), value.encode("latin-1"))
            for name, value in headers.items()
            if name.encode("latin-1") in _CARRIED
        ]

    def operation(self, endpoint: str) -> Operation | None:
        """The operation that serves ``POST endpoint`` (``/v1/chat/completions``)."""
        path = endpoint.removeprefix("/v1")
        for op in self.core.operations.values():
            if op.method == "POST" and op.path == path:
                return op
        return None

    def run(
        self, op: Operation | None, batch_id: str, request: BatchRequest, url: str
    ) -> LineResult | None:
        """The output line of ``request``; None while a hang fault holds it."""
        core = self.core
        ident = line_id(core.seed, batch_id, request.line)
        index = core.next_index()
        azure = self.style != "openai"
        request_id = RequestIds(core.seed, index).request_id(azure=azure)
        if op is None:
            body: Any = {
                "error": {
                    "message": f"The mock does not serve {url}.",
                    "type": "invalid_request_error",
                    "param": None,
                    "code": None,
                }
            }
            status = 404
        else:
            prefix = "/openai/v1" if azure else "/v1"
            entry = RecordedRequest(
                op.name,
                "POST",
                prefix + op.path,
                {},
                {},
                request.body,
                style=self.style,
                request_id=request_id,
            )
            raw = json.dumps(request.body).encode()
            reply = answer_inline(core, op, entry, raw, self.raw_headers, index)
            if reply is None:
                return None
            body = _reply_body(reply)
            status = 400 if body is _NO_STREAMS else reply.status
        ok = 200 <= status < 300
        text = json.dumps(
            {
                "id": ident,
                "custom_id": request.custom_id,
                "response": {"status_code": status, "request_id": request_id, "body": body},
                "error": None,
            }
        )
        usage = body.get("usage") if ok and isinstance(body, dict) else None
        return LineResult(text, ok, usage if isinstance(usage, Mapping) else None)
