"""Typed loader for the real-world cassettes in ``../shared/realworld-cassettes``.

The folder holds vcrpy ``version: 1`` YAML files copied from public projects. They come in
four dialects, all of which load into the same :class:`RecordedInteraction` shape:

* vcrpy text bodies: ``body: {string: <text>}`` (plain JSON or an SSE stream);
* vcrpy ``!!binary`` bodies, usually compressed, with the ``content-encoding`` header kept;
* pydantic-ai's serializer, which stores JSON bodies as a YAML mapping under ``parsed_body``;
* dd-trace-py's legacy httpx stub, ``{content, headers, http_version, status_code}``, whose
  headers may still announce gzip although ``content`` is already decoded text.

Files are found only through ``manifest.json``. Response bodies are handed out decoded, with
``content-encoding`` (and a ``content-length`` that no longer fits) removed from the headers,
so a replay can feed them to ``httpx.Response(content=...)`` as they are.
"""

from __future__ import annotations

import functools
import gzip
import importlib
import json
import os
import re
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from typing import Any, Final, Literal
from urllib.parse import parse_qsl, urlsplit

import pytest
import yaml

__all__ = [
    "DEFAULT_ROOT",
    "ENV_VAR",
    "ROOT",
    "Headers",
    "ManifestEntry",
    "ManifestInteraction",
    "MultipartPart",
    "RecordedInteraction",
    "RecordedRequest",
    "RecordedResponse",
    "UnreadableCassetteError",
    "available",
    "interactions_or_empty",
    "load_all",
    "load_cassette",
    "load_manifest",
    "operation_for",
    "parse_multipart",
    "require_cassettes",
]

ENV_VAR: Final = "OPENAI_KIT_REALWORLD_CASSETTES"
"""Set this to point the loader at another folder of the same layout (manifest included)."""

DEFAULT_ROOT: Final = Path(__file__).resolve().parents[2].parent / "shared" / "realworld-cassettes"
ROOT: Final[Path] = Path(os.environ[ENV_VAR]) if os.environ.get(ENV_VAR) else DEFAULT_ROOT
MANIFEST_NAME: Final = "manifest.json"

Headers = tuple[tuple[str, str], ...]
BodyForm = Literal["string", "binary", "parsed_body", "httpx_content", "absent"]


class UnreadableCassetteError(ValueError):
    """A cassette file does not have a shape this loader knows."""


# --------------------------------------------------------------------------------------------
# YAML: safe loading, without turning date-like scalars into datetime objects
# --------------------------------------------------------------------------------------------

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _CassetteLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """Safe loader that keeps timestamps as strings: cassette bodies are JSON, not YAML dates."""


_CassetteLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}


def _read_yaml(path: Path) -> Any:
    with path.open("rb") as handle:
        return yaml.load(handle, Loader=_CassetteLoader)


# --------------------------------------------------------------------------------------------
# Manifest
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ManifestInteraction:
    method: str
    host: str
    path: str
    query: str
    status: int
    content_type: str | None
    sse: bool
    tags: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ManifestEntry:
    repo: str
    path: str
    commit: str
    license: str
    local_path: str
    interactions: tuple[ManifestInteraction, ...]
    tags: tuple[str, ...]

    @property
    def project(self) -> str:
        """The top folder the file sits in, e.g. ``pydantic-ai``."""
        return self.local_path.split("/", 1)[0]


def load_manifest(root: Path | None = None) -> tuple[ManifestEntry, ...]:
    base = ROOT if root is None else root
    raw = json.loads((base / MANIFEST_NAME).read_text(encoding="utf-8"))
    if not isinstance(raw, list):
        raise UnreadableCassetteError(f"{base / MANIFEST_NAME}: expected a JSON list")
    return tuple(_manifest_entry(item) for item in raw)


def _manifest_entry(item: Mapping[str, Any]) -> ManifestEntry:
    return ManifestEntry(
        repo=str(item["repo"]),
        path=str(item["path"]),
        commit=str(item.get("commit", "")),
        license=str(item.get("license", "")),
        local_path=str(item["local_path"]),
        interactions=tuple(
            ManifestInteraction(
                method=str(i["method"]).upper(),
                host=str(i.get("host", "")),
                path=str(i["path"]),
                query=str(i.get("query") or ""),
                status=int(i["status"]),
                content_type=i.get("content_type"),
                sse=bool(i.get("sse", False)),
                tags=tuple(i.get("tags", ())),
            )
            for i in item.get("interactions", ())
        ),
        tags=tuple(item.get("tags", ())),
    )


# --------------------------------------------------------------------------------------------
# Recorded objects
# --------------------------------------------------------------------------------------------


def _header(headers: Headers, name: str) -> str | None:
    wanted = name.lower()
    for key, value in headers:
        if key.lower() == wanted:
            return value
    return None


@dataclass(frozen=True, slots=True)
class RecordedRequest:
    method: str
    url: str
    host: str
    path: str
    query: tuple[tuple[str, str], ...]
    headers: Headers
    body: bytes
    json: Any
    """The parsed JSON body, or None when the body is empty or not JSON."""
    body_form: BodyForm

    def header(self, name: str) -> str | None:
        return _header(self.headers, name)

    @property
    def params(self) -> dict[str, str]:
        return dict(self.query)

    @property
    def normalized_path(self) -> str:
        """The path with runs of slashes collapsed (``//openai/...`` -> ``/openai/...``)."""
        return _collapse_slashes(self.path)

    @property
    def content_type(self) -> str | None:
        return self.header("content-type")

    @property
    def is_multipart(self) -> bool:
        return (self.content_type or "").lower().startswith("multipart/form-data")


@dataclass(frozen=True, slots=True)
class RecordedResponse:
    status: int
    reason: str
    headers: Headers
    """Headers fit for replaying ``body``: no stale content-encoding or content-length."""
    recorded_headers: Headers
    body: bytes
    body_form: BodyForm
    recorded_encoding: str | None
    """The content-encoding the recording announced (lower-cased), or None."""
    decoded: bool
    """False only when the body is still encoded because no decoder is installed (br, zstd)."""
    is_sse: bool

    def header(self, name: str) -> str | None:
        return _header(self.headers, name)

    @property
    def content_type(self) -> str | None:
        return self.header("content-type")

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def json(self) -> Any:
        return json.loads(self.body)

    def sse_data(self) -> list[str]:
        """The ``data:`` payloads of an SSE body, one string per event, ``[DONE]`` included."""
        events: list[str] = []
        current: list[str] = []
        for line in self.text.splitlines():
            if not line:
                if current:
                    events.append("\n".join(current))
                    current = []
                continue
            if line.startswith("data:"):
                current.append(line[5:].removeprefix(" "))
        if current:
            events.append("\n".join(current))
        return events


@dataclass(frozen=True, slots=True)
class RecordedInteraction:
    source: Path
    local_path: str
    index: int
    request: RecordedRequest
    response: RecordedResponse
    operation: str | None
    """The SDK method path, e.g. ``"chat.completions.create"``; None for unknown routes."""
    manifest: ManifestEntry

    @property
    def project(self) -> str:
        return self.manifest.project

    @property
    def id(self) -> str:
        """``<project>/<file stem>#<index>``, used as the pytest parameter id."""
        return f"{self.project}/{self.source.stem}#{self.index}"

    @property
    def is_azure(self) -> bool:
        return _is_azure(self.request.host, self.request.normalized_path)

    @property
    def azure_deployment(self) -> str | None:
        match = _AZURE_DEPLOYMENT.match(self.request.normalized_path)
        return match.group(1) if match else None

    @property
    def api_version(self) -> str | None:
        return self.request.params.get("api-version")


# --------------------------------------------------------------------------------------------
# Operation names
# --------------------------------------------------------------------------------------------

# (method, path template, operation). "{}" stands for one path segment.
_ROUTE_TABLE: Final = """
POST /chat/completions chat.completions.create
GET /chat/completions chat.completions.list
GET /chat/completions/{} chat.completions.retrieve
POST /chat/completions/{} chat.completions.update
DELETE /chat/completions/{} chat.completions.delete
GET /chat/completions/{}/messages chat.completions.messages.list
POST /completions completions.create
POST /embeddings embeddings.create
GET /models models.list
GET /models/{} models.retrieve
DELETE /models/{} models.delete
POST /moderations moderations.create
POST /files files.create
GET /files files.list
GET /files/{} files.retrieve
DELETE /files/{} files.delete
GET /files/{}/content files.content
POST /responses responses.create
POST /responses/compact responses.compact
POST /responses/input_tokens responses.input_tokens.count
GET /responses/{} responses.retrieve
DELETE /responses/{} responses.delete
POST /responses/{}/cancel responses.cancel
GET /responses/{}/input_items responses.input_items.list
POST /conversations conversations.create
GET /conversations/{} conversations.retrieve
POST /conversations/{} conversations.update
DELETE /conversations/{} conversations.delete
GET /conversations/{}/items conversations.items.list
POST /conversations/{}/items conversations.items.create
GET /conversations/{}/items/{} conversations.items.retrieve
DELETE /conversations/{}/items/{} conversations.items.delete
POST /images/generations images.generate
POST /images/edits images.edit
POST /images/variations images.create_variation
POST /audio/speech audio.speech.create
POST /audio/transcriptions audio.transcriptions.create
POST /audio/translations audio.translations.create
POST /batches batches.create
GET /batches batches.list
GET /batches/{} batches.retrieve
POST /batches/{}/cancel batches.cancel
POST /uploads uploads.create
POST /uploads/{}/parts uploads.parts.create
POST /uploads/{}/complete uploads.complete
POST /uploads/{}/cancel uploads.cancel
POST /vector_stores vector_stores.create
GET /vector_stores vector_stores.list
GET /vector_stores/{} vector_stores.retrieve
POST /vector_stores/{} vector_stores.update
DELETE /vector_stores/{} vector_stores.delete
POST /vector_stores/{}/search vector_stores.search
POST /vector_stores/{}/files vector_stores.files.create
GET /vector_stores/{}/files vector_stores.files.list
GET /vector_stores/{}/files/{} vector_stores.files.retrieve
POST /vector_stores/{}/files/{} vector_stores.files.update
DELETE /vector_stores/{}/files/{} vector_stores.files.delete
GET /vector_stores/{}/files/{}/content vector_stores.files.content
POST /vector_stores/{}/file_batches vector_stores.file_batches.create
GET /vector_stores/{}/file_batches/{} vector_stores.file_batches.retrieve
POST /vector_stores/{}/file_batches/{}/cancel vector_stores.file_batches.cancel
GET /vector_stores/{}/file_batches/{}/files vector_stores.file_batches.list_files
POST /fine_tuning/jobs fine_tuning.jobs.create
GET /fine_tuning/jobs fine_tuning.jobs.list
GET /fine_tuning/jobs/{} fine_tuning.jobs.retrieve
POST /fine_tuning/jobs/{}/cancel fine_tuning.jobs.cancel
POST /fine_tuning/jobs/{}/pause fine_tuning.jobs.pause
POST /fine_tuning/jobs/{}/resume fine_tuning.jobs.resume
GET /fine_tuning/jobs/{}/events fine_tuning.jobs.list_events
GET /fine_tuning/jobs/{}/checkpoints fine_tuning.jobs.checkpoints.list
POST /fine_tuning/checkpoints/{}/permissions fine_tuning.checkpoints.permissions.create
GET /fine_tuning/checkpoints/{}/permissions fine_tuning.checkpoints.permissions.list
DELETE /fine_tuning/checkpoints/{}/permissions/{} fine_tuning.checkpoints.permissions.delete
POST /fine_tuning/alpha/graders/run fine_tuning.alpha.graders.run
POST /fine_tuning/alpha/graders/validate fine_tuning.alpha.graders.validate
POST /realtime/client_secrets realtime.client_secrets.create
POST /realtime/calls realtime.calls.create
POST /realtime/sessions beta.realtime.sessions.create
POST /realtime/transcription_sessions beta.realtime.transcription_sessions.create
POST /assistants beta.assistants.create
GET /assistants beta.assistants.list
GET /assistants/{} beta.assistants.retrieve
POST /assistants/{} beta.assistants.update
DELETE /assistants/{} beta.assistants.delete
POST /threads beta.threads.create
POST /threads/runs beta.threads.create_and_run
GET /threads/{} beta.threads.retrieve
POST /threads/{} beta.threads.update
DELETE /threads/{} beta.threads.delete
POST /threads/{}/messages beta.threads.messages.create
GET /threads/{}/messages beta.threads.messages.list
GET /threads/{}/messages/{} beta.threads.messages.retrieve
POST /threads/{}/messages/{} beta.threads.messages.update
DELETE /threads/{}/messages/{} beta.threads.messages.delete
POST /threads/{}/runs beta.threads.runs.create
GET /threads/{}/runs beta.threads.runs.list
GET /threads/{}/runs/{} beta.threads.runs.retrieve
POST /threads/{}/runs/{} beta.threads.runs.update
POST /threads/{}/runs/{}/cancel beta.threads.runs.cancel
POST /threads/{}/runs/{}/submit_tool_outputs beta.threads.runs.submit_tool_outputs
GET /threads/{}/runs/{}/steps beta.threads.runs.steps.list
GET /threads/{}/runs/{}/steps/{} beta.threads.runs.steps.retrieve
POST /containers containers.create
GET /containers containers.list
GET /containers/{} containers.retrieve
DELETE /containers/{} containers.delete
POST /containers/{}/files containers.files.create
GET /containers/{}/files containers.files.list
GET /containers/{}/files/{} containers.files.retrieve
DELETE /containers/{}/files/{} containers.files.delete
GET /containers/{}/files/{}/content containers.files.content.retrieve
POST /videos videos.create
GET /videos videos.list
GET /videos/{} videos.retrieve
DELETE /videos/{} videos.delete
GET /videos/{}/content videos.download_content
POST /videos/{}/remix videos.remix
POST /evals evals.create
GET /evals evals.list
GET /evals/{} evals.retrieve
POST /evals/{} evals.update
DELETE /evals/{} evals.delete
POST /evals/{}/runs evals.runs.create
GET /evals/{}/runs evals.runs.list
GET /evals/{}/runs/{} evals.runs.retrieve
POST /evals/{}/runs/{} evals.runs.cancel
DELETE /evals/{}/runs/{} evals.runs.delete
GET /evals/{}/runs/{}/output_items evals.runs.output_items.list
GET /evals/{}/runs/{}/output_items/{} evals.runs.output_items.retrieve
"""


def _compile_routes(table: str) -> tuple[tuple[str, re.Pattern[str], str], ...]:
    routes: list[tuple[str, re.Pattern[str], str]] = []
    for line in table.strip().splitlines():
        method, template, operation = line.split()
        pattern = "/".join(
            "[^/]+" if part == "{}" else re.escape(part) for part in template.split("/")
        )
        routes.append((method, re.compile(pattern + r"\Z"), operation))
    return tuple(routes)


_ROUTES: Final = _compile_routes(_ROUTE_TABLE)
_AZURE_DEPLOYMENT: Final = re.compile(r"/openai/deployments/([^/]+)(?=/)")
# Prefixes in front of the OpenAI path: Azure deployment routes, Azure's /openai/v1 and
# /openai routes, and the OpenAI /v1 base. The first that matches is stripped.
_PREFIXES: Final = (
    re.compile(r"/openai/deployments/[^/]+(?=/)"),
    re.compile(r"/openai/v1(?=/)"),
    re.compile(r"/openai(?=/)"),
    re.compile(r"/v1(?=/)"),
)


_AZURE_HOST_SUFFIXES: Final = (
    ".openai.azure.com",
    ".cognitiveservices.azure.com",
    ".services.ai.azure.com",
)


def _collapse_slashes(path: str) -> str:
    return re.sub(r"/{2,}", "/", path)


def _is_azure(host: str, path: str) -> bool:
    host = host.lower()
    return host.endswith(_AZURE_HOST_SUFFIXES) or path.startswith("/openai/")


def operation_for(method: str, path: str) -> str | None:
    """Name the SDK operation for a request: ``("POST", "/v1/embeddings")`` -> ``"embeddings.create"``.

    OpenAI (``/v1/...``) and both Azure styles (``/openai/deployments/{d}/...`` and
    ``/openai/v1/...``) map to the same name. Unknown routes give None.
    """
    route = _collapse_slashes(path.split("?", 1)[0])
    if len(route) > 1:
        route = route.rstrip("/")
    for prefix in _PREFIXES:
        match = prefix.match(route)
        if match:
            route = route[match.end() :]
            break
    wanted = method.upper()
    for route_method, pattern, operation in _ROUTES:
        if route_method == wanted and pattern.match(route):
            return operation
    return None


# --------------------------------------------------------------------------------------------
# Bodies
# --------------------------------------------------------------------------------------------


def _optional_module(*names: str) -> Any:
    for name in names:
        try:
            return importlib.import_module(name)
        except ImportError:
            continue
    return None


def _try_decode(body: bytes, encoding: str) -> bytes | None:
    """Undo one content-encoding; None when it cannot (unknown, or no decoder installed)."""
    if encoding in ("gzip", "x-gzip"):
        return gzip.decompress(body)
    if encoding == "deflate":
        try:
            return zlib.decompress(body)
        except zlib.error:
            return zlib.decompress(body, -zlib.MAX_WBITS)
    if encoding == "br":
        brotli = _optional_module("brotli", "brotlicffi")
        return None if brotli is None else bytes(brotli.decompress(body))
    if encoding == "zstd":
        zstandard = _optional_module("zstandard")
        if zstandard is None:
            return None
        return bytes(zstandard.ZstdDecompressor().decompressobj().decompress(body))
    return None


def _looks_encoded(body: bytes, encoding: str) -> bool:
    """Whether ``body`` still carries ``encoding`` (the legacy httpx stub stores decoded text)."""
    if not body:
        return False
    if encoding in ("gzip", "x-gzip"):
        return body[:2] == b"\x1f\x8b"
    if encoding == "deflate":
        zlib_header = len(body) >= 2 and body[0] & 0x0F == 8 and (body[0] * 256 + body[1]) % 31 == 0
        return zlib_header or not _is_text(body)
    if encoding == "zstd":
        return body[:4] == b"\x28\xb5\x2f\xfd"
    # br has no magic number: treat readable text as already decoded.
    return not _is_text(body)


def _is_text(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _decode_body(body: bytes, encodings: Sequence[str]) -> tuple[bytes, bool]:
    """Undo the content-encodings (last applied first). Returns (body, fully decoded)."""
    for encoding in reversed(encodings):
        if encoding == "identity" or not _looks_encoded(body, encoding):
            continue
        decoded = _try_decode(body, encoding)
        if decoded is None:
            return body, False
        body = decoded
    return body, True


def _dump_json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _scalar_bytes(value: Any) -> bytes:
    if value is None:
        return b""
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode("utf-8")
    raise UnreadableCassetteError(f"unexpected body value of type {type(value).__name__}")


def _sniff_sse(body: bytes) -> bool:
    head = body.lstrip()[:16]
    return head.startswith((b"data:", b"event:", b"id:", b"retry:"))


# --------------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------------


def _headers(raw: Any) -> Headers:
    if raw is None:
        return ()
    if not isinstance(raw, Mapping):
        raise UnreadableCassetteError("headers must be a mapping")
    pairs: list[tuple[str, str]] = []
    for name, values in raw.items():
        items: Iterable[Any] = values if isinstance(values, list) else [values]
        pairs.extend((str(name), str(value)) for value in items)
    return tuple(pairs)


def _request(raw: Mapping[str, Any]) -> RecordedRequest:
    url = str(raw["uri"])
    parts = urlsplit(url)
    headers = _headers(raw.get("headers"))
    form: BodyForm
    parsed: Any = None
    if "parsed_body" in raw:
        form = "parsed_body"
        parsed = raw["parsed_body"]
        body = _dump_json(parsed)
    else:
        value = raw.get("body")
        if isinstance(value, Mapping):  # vcrpy's {string: ...} form, seen in some cassettes
            value = value.get("string")
        body = _scalar_bytes(value)
        form = "absent" if value is None else "binary" if isinstance(value, bytes) else "string"
        content_type = (_header(headers, "content-type") or "").lower()
        if body and ("json" in content_type or body.lstrip()[:1] in (b"{", b"[")):
            try:
                parsed = json.loads(body)
            except ValueError:
                parsed = None
    return RecordedRequest(
        method=str(raw["method"]).upper(),
        url=url,
        host=parts.hostname or "",
        path=parts.path,
        query=tuple(parse_qsl(parts.query, keep_blank_values=True)),
        headers=headers,
        body=body,
        json=parsed,
        body_form=form,
    )


def _response(raw: Mapping[str, Any]) -> RecordedResponse:
    recorded = _headers(raw.get("headers"))
    form: BodyForm
    if "parsed_body" in raw:
        form = "parsed_body"
        body = _dump_json(raw["parsed_body"])
    elif "body" in raw:
        value = raw["body"]
        if isinstance(value, Mapping):
            value = value.get("string")
        body = _scalar_bytes(value)
        form = "binary" if isinstance(value, bytes) else "string"
    elif "content" in raw:
        form = "httpx_content"
        body = _scalar_bytes(raw["content"])
    else:
        form = "absent"
        body = b""

    status_raw = raw.get("status")
    if isinstance(status_raw, Mapping):
        status = int(status_raw["code"])
        reason = str(status_raw.get("message") or "")
    elif "status_code" in raw:
        status = int(raw["status_code"])
        reason = ""
    else:
        raise UnreadableCassetteError("response has neither status nor status_code")
    if not reason:
        try:
            reason = HTTPStatus(status).phrase
        except ValueError:
            reason = ""

    encoding_header = _header(recorded, "content-encoding")
    encodings = [e.strip().lower() for e in (encoding_header or "").split(",") if e.strip()]
    body, decoded = _decode_body(body, encodings)
    dropped = {"content-encoding"} if decoded else set()
    length = _header(recorded, "content-length")
    if length is not None and (length.strip() != str(len(body)) or not decoded):
        dropped.add("content-length")
    headers = tuple((k, v) for k, v in recorded if k.lower() not in dropped)
    content_type = (_header(recorded, "content-type") or "").lower()
    return RecordedResponse(
        status=status,
        reason=reason,
        headers=headers,
        recorded_headers=recorded,
        body=body,
        body_form=form,
        recorded_encoding=",".join(encodings) or None,
        decoded=decoded,
        is_sse=decoded and ("text/event-stream" in content_type or _sniff_sse(body)),
    )


def load_cassette(path: Path, entry: ManifestEntry) -> tuple[RecordedInteraction, ...]:
    """Load one cassette file; ``entry`` is its manifest record."""
    document = _read_yaml(path)
    if not isinstance(document, Mapping) or not isinstance(document.get("interactions"), list):
        raise UnreadableCassetteError(f"{path}: no interactions list")
    loaded: list[RecordedInteraction] = []
    for index, item in enumerate(document["interactions"]):
        try:
            request = _request(item["request"])
            response = _response(item["response"])
        except (KeyError, TypeError, ValueError, OSError, EOFError, zlib.error) as exc:
            raise UnreadableCassetteError(f"{path} interaction {index}: {exc!r}") from exc
        loaded.append(
            RecordedInteraction(
                source=path,
                local_path=entry.local_path,
                index=index,
                request=request,
                response=response,
                operation=operation_for(request.method, request.path),
                manifest=entry,
            )
        )
    return tuple(loaded)


@functools.cache
def _load_all_cached(root: Path) -> tuple[RecordedInteraction, ...]:
    loaded: list[RecordedInteraction] = []
    for entry in load_manifest(root):
        loaded.extend(load_cassette(root / entry.local_path, entry))
    return tuple(loaded)


def load_all(root: Path | None = None) -> tuple[RecordedInteraction, ...]:
    """Every interaction of every file the manifest lists, in manifest order (cached)."""
    return _load_all_cached((ROOT if root is None else root).resolve())


def available(root: Path | None = None) -> bool:
    return ((ROOT if root is None else root) / MANIFEST_NAME).is_file()


def require_cassettes(root: Path | None = None) -> None:
    """Skip the calling test when the cassette folder is not there."""
    base = ROOT if root is None else root
    if not available(base):
        pytest.skip(f"real-world cassettes not found at {base} (set {ENV_VAR})")


def interactions_or_empty(root: Path | None = None) -> tuple[RecordedInteraction, ...]:
    """For parametrization at collection time: the interactions, or none when absent."""
    return load_all(root) if available(root) else ()


# --------------------------------------------------------------------------------------------
# Multipart (file uploads)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MultipartPart:
    name: str
    filename: str | None
    content_type: str | None
    data: bytes


_DISPOSITION_PARAM: Final = re.compile(r';\s*([\w*-]+)="((?:[^"\\]|\\.)*)"|;\s*([\w*-]+)=([^;\s]+)')


def parse_multipart(body: bytes, content_type: str) -> list[MultipartPart]:
    """Split a ``multipart/form-data`` body into its parts (enough for recorded uploads)."""
    match = re.search(r'boundary="?([^";]+)"?', content_type)
    if match is None:
        raise ValueError(f"no boundary in {content_type!r}")
    delimiter = b"--" + match.group(1).encode("ascii")
    parts: list[MultipartPart] = []
    for chunk in body.split(delimiter)[1:]:
        if chunk.startswith(b"--"):
            break
        chunk = chunk.removeprefix(b"\r\n").removesuffix(b"\r\n")
        head, sep, data = chunk.partition(b"\r\n\r\n")
        if not sep:
            raise ValueError("multipart part without a header block")
        fields: dict[str, str] = {}
        for line in head.decode("utf-8").split("\r\n"):
            key, _, value = line.partition(":")
            fields[key.strip().lower()] = value.strip()
        params: dict[str, str] = {}
        for quoted_key, quoted, bare_key, bare in _DISPOSITION_PARAM.findall(
            fields.get("content-disposition", "")
        ):
            params[(quoted_key or bare_key).lower()] = quoted if quoted_key else bare
        parts.append(
            MultipartPart(
                name=params.get("name", ""),
                filename=params.get("filename"),
                content_type=fields.get("content-type"),
                data=data,
            )
        )
    return parts
