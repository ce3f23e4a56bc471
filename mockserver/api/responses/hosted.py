"""The hosted tools a response runs on the server's own state: ``file_search`` and
``code_interpreter``.

``file_search`` searches the request's vector stores with the last user message
and answers with the best chunks, citing each file it used (``file_citation``
annotations whose ``index`` is the end of the cited sentence).
``code_interpreter`` runs in the given container (or a new one for ``auto``):
it sums the numbers the user gave, and when asked for a file writes a CSV of
them to ``/mnt/data`` - a real container file the answer links with a
``container_file_citation``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

from openai_kit.mockserver.api.responses.items import IdFactory, item_text

if TYPE_CHECKING:
    from openai_kit.mockserver._stores import State

__all__ = ["HostedCall", "HostedPlan", "plan_hosted"]

_NUMBER: Final = re.compile(r"-?\d+(?:\.\d+)?")
_WANTS_FILE: Final = re.compile(r"\b(file|csv|save|download|export|plot|chart)\b", re.I)
_SENTENCE: Final = re.compile(r"(?<=[.!?])\s+")
_SNIPPET: Final = 240
_CITED_FILES: Final = 3


@dataclass(slots=True)
class HostedCall:
    """One hosted tool call item (as ``output`` shows it once completed) and its events'
    facts: ``code`` streams as code deltas."""

    kind: str
    item: dict[str, Any]
    code: str = ""


@dataclass(slots=True)
class HostedPlan:
    calls: list[HostedCall] = field(default_factory=list)
    text: str = ""
    annotations: list[dict[str, Any]] = field(default_factory=list)


def _query(items: Sequence[Mapping[str, Any]]) -> str:
    for item in reversed(items):
        if item.get("type", "message") == "message" and item.get("role") == "user":
            return item_text(item).strip()
    return ""


def _snippet(text: str, query: str) -> str:
    """The chunk's sentence sharing most terms with the query (the first on a tie)."""
    from openai_kit.mockserver.api.vector_stores.index import query_terms, terms

    wanted = set(query_terms(query))
    sentences = _SENTENCE.split(" ".join(text.split()))
    first = max(sentences, key=lambda s: len(wanted & set(terms(s))))
    if len(first) > _SNIPPET:
        first = first[:_SNIPPET].rsplit(" ", 1)[0] + "..."
    return first if first.endswith((".", "!", "?", "...")) else first + "."


def _file_search(
    state: State, tool: Mapping[str, Any], query: str, include: set[str], new_id: IdFactory
) -> tuple[HostedCall, str, list[dict[str, Any]]]:
    from openai_kit.mockserver.api.vector_stores.search import search_stores
    from openai_kit.mockserver.api.vector_stores.store import VectorStoresStore

    stores = state.get(VectorStoresStore)
    ids = [str(i) for i in tool.get("vector_store_ids") or ()]
    stores.require(ids)
    hits = search_stores(stores, ids, query, tool, default_limit=20)
    results = [
        {
            "attributes": dict(f.attributes),
            "file_id": f.id,
            "filename": f.filename,
            "score": score,
            "text": chunk.text,
        }
        for score, chunk, f in hits
    ]
    item = {
        "id": new_id("fs"),
        "type": "file_search_call",
        "status": "completed",
        "queries": [query],
        "results": results if "file_search_call.results" in include else None,
    }
    text, annotations = "", []
    seen: set[str] = set()
    for _, chunk, f in hits:
        if f.id in seen or len(seen) == _CITED_FILES:
            continue
        seen.add(f.id)
        text += ("" if not text else " ") + _snippet(chunk.text, query)
        annotations.append(
            {"type": "file_citation", "file_id": f.id, "filename": f.filename, "index": len(text)}
        )
    if not text:
        text = "I could not find anything about that in the files."
    return HostedCall("file_search_call", item), text, annotations


def _container_id(state: State, tool: Mapping[str, Any]) -> str:
    from openai_kit.mockserver.api.containers.store import ContainersStore

    containers = state.get(ContainersStore)
    spec = tool.get("container")
    if isinstance(spec, str):
        return containers.touch(spec).id
    auto = spec if isinstance(spec, Mapping) else {}
    created = containers.create(
        name="code-interpreter",
        memory_limit=auto.get("memory_limit"),
        file_ids=[str(i) for i in auto.get("file_ids") or ()],
    )
    return created.id


def _code_interpreter(
    state: State, tool: Mapping[str, Any], query: str, include: set[str], new_id: IdFactory
) -> tuple[HostedCall, str, list[dict[str, Any]]]:
    from openai_kit.mockserver.api.containers.store import ContainersStore

    container_id = _container_id(state, tool)
    numbers = [float(n) if "." in n else int(n) for n in _NUMBER.findall(query)]
    total = sum(numbers)
    code = f"numbers = {numbers!r}\ntotal = sum(numbers)\nprint(total)"
    text = f"The sum of the {len(numbers)} numbers is {total}."
    annotations: list[dict[str, Any]] = []
    if _WANTS_FILE.search(query):
        name = "numbers.csv"
        code += (
            f"\n\nwith open('/mnt/data/{name}', 'w') as out:\n"
            "    out.write('value\\n')\n"
            "    for n in numbers:\n"
            "        out.write(f'{n}\\n')"
        )
        data = ("value\n" + "".join(f"{n}\n" for n in numbers)).encode()
        written = state.get(ContainersStore).add_file(container_id, name, data, source="assistant")
        link = f"[{name}](sandbox:/mnt/data/{name})"
        text += " The numbers are saved in " + link
        start = len(text) - len(link)
        text += "."
        annotations.append(
            {
                "type": "container_file_citation",
                "container_id": container_id,
                "file_id": written.id,
                "filename": name,
                "start_index": start,
                "end_index": start + len(link),
            }
        )
    outputs = [{"type": "logs", "logs": f"{total}\n"}]
    item = {
        "id": new_id("ci"),
        "type": "code_interpreter_call",
        "status": "completed",
        "code": code,
        "container_id": container_id,
        "outputs": outputs if "code_interpreter_call.outputs" in include else None,
    }
    return HostedCall("code_interpreter_call", item, code=code), text, annotations


_RUNNERS: Final = {"file_search": _file_search, "code_interpreter": _code_interpreter}


def plan_hosted(
    state: State, body: Mapping[str, Any], items: Sequence[Mapping[str, Any]], new_id: IdFactory
) -> HostedPlan | None:
    """The hosted tool calls of a request and the answer built on them (None: no hosted
    tool to run). Unknown stores and containers raise their 404 here."""
    if body.get("tool_choice") == "none":
        return None
    tools = [t for t in body.get("tools") or () if t.get("type") in _RUNNERS]
    if not tools:
        return None
    include = set(body.get("include") or ())
    query = _query(items)
    plan = HostedPlan()
    for tool in tools:
        call, text, annotations = _RUNNERS[tool["type"]](state, tool, query, include, new_id)
        offset = len(plan.text) + (1 if plan.text else 0)
        plan.text = f"{plan.text} {text}" if plan.text else text
        for note in annotations:
            for key in ("index", "start_index", "end_index"):
                if key in note:
                    note[key] += offset
        plan.calls.append(call)
        plan.annotations.extend(annotations)
    return plan
