"""``openai-kit-mock --cassettes DIR``: recorded interactions answered to any client.

Every ``*.yaml`` / ``*.yml`` under ``DIR`` is read with the pytest plugin's
loader, and a request is matched as the plugin matches it (``method, path,
query, body`` by default: the host is not compared, secrets are scrubbed
first, volatile fields such as ``user`` ignored). Identical requests take
their recorded answers in recorded order and start over once all were given,
so a client can run its suite again and again; ``POST /_mock/reset`` starts
every request over. A streamed answer goes out event by event.

A request nothing matches gets a 404 whose ``error.message`` names the
request and the closest recorded requests with what differs (the plugin's
words), or, with ``on_miss="generate"``, the mock's generated answer.

Reading cassettes needs the ``testing`` extra (PyYAML).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Hashable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Final

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from openai_kit.mockserver._elsewhere import Journaler, read_body, replayed_receive, send_whole
from openai_kit.mockserver._journal import RequestJournal

if TYPE_CHECKING:
    from openai_kit.pytest_plugin._cassette import Cassette
    from openai_kit.pytest_plugin._matchers import Matcher, RequestView
    from openai_kit.pytest_plugin._model import Interaction

__all__ = ["ON_MISS", "CassetteApp", "CassetteLibrary"]

ON_MISS: Final = ("error", "generate")
_POSITION: Final = re.compile(r"#(\d+) ")

Key = tuple[Hashable, ...]


def cassette_files(directory: Path) -> list[Path]:
    if not directory.is_dir():
        raise ValueError(f"--cassettes: {directory} is not a directory")
    return sorted(p for p in directory.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())


class CassetteLibrary:
    """Every interaction of the cassettes under ``directory``, indexed by matcher keys."""

    def __init__(self, directory: Path, match_on: Sequence[str] | None = None) -> None:
        try:
            from openai_kit.pytest_plugin._cassette import Cassette
            from openai_kit.pytest_plugin._matchers import RequestView, resolve_matchers
            from openai_kit.pytest_plugin._record_mode import RecordMode
            from openai_kit.pytest_plugin._serialize import load_cassette
        except ImportError as exc:  # pragma: no cover - depends on the installed extras
            raise ValueError(
                f"serving cassettes needs the testing extra (pip install 'openai-kit[testing]'): {exc}"
            ) from None
        self.directory = directory
        self._view = RequestView.build
        self.matchers: tuple[Matcher, ...] = resolve_matchers(match_on)
        self.interactions: list[Interaction] = []
        self.origins: list[tuple[Path, int]] = []
        for path in cassette_files(directory):
            for number, interaction in enumerate(load_cassette(path)):
                self.interactions.append(interaction)
                self.origins.append((path, number))
        self._index: dict[Key, list[int]] = {}
        for position, x in enumerate(self.interactions):
            view = self._view(x.request.method, x.request.uri, x.request.headers, x.request.body)
            self._index.setdefault(self.key(view), []).append(position)
        self._next: dict[Key, int] = {}
        self._lock = threading.Lock()
        # the plugin's cassette over all of them: it explains a miss in the plugin's words
        self._explainer: Cassette = Cassette(
            directory, RecordMode.NONE, self.matchers, self.interactions, file_exists=True
        )

    def key(self, view: RequestView) -> Key:
        return tuple(matcher.key(view) for matcher in self.matchers)

    def view(
        self, method: str, uri: str, headers: Sequence[tuple[str, str]], body: bytes
    ) -> RequestView:
        return self._view(method, uri, tuple(headers), body)

    def answer(self, view: RequestView) -> Interaction | None:
        """The next recorded answer to ``view`` (round and round), or None."""
        key = self.key(view)
        positions = self._index.get(key)
        if not positions:
            return None
        with self._lock:
            turn = self._next.get(key, 0)
            self._next[key] = (turn + 1) % len(positions)
        return self.interactions[positions[turn]]

    def rewind(self) -> None:
        with self._lock:
            self._next.clear()

    def miss_message(self, method: str, path: str, view: RequestView) -> str:
        lines = [
            f"No recorded interaction matches {method} {path} "
            f"({len(self.interactions)} interactions in {self.directory}; "
            f"matching on {', '.join(m.name for m in self.matchers)})."
        ]
        lines.extend(
            _POSITION.sub(self._origin, line, count=1) for line in self._explainer._closest(view)
        )
        return "\n".join(lines)

    def _origin(self, match: re.Match[str]) -> str:
        path, number = self.origins[int(match.group(1))]
        return f"{path.relative_to(self.directory)} #{number} "


class CassetteApp:
    """Answers API requests from ``library``; a miss goes to ``mock_app`` or gets a 404."""

    def __init__(
        self, library: CassetteLibrary, mock_app: ASGIApp, journal: RequestJournal, on_miss: str
    ) -> None:
        if on_miss not in ON_MISS:
            raise ValueError(f"--on-miss must be one of {', '.join(ON_MISS)}, not {on_miss!r}")
        self.library = library
        self.mock_app = mock_app
        self.journaler = Journaler(journal)
        self.on_miss = on_miss

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/_mock/"):
            if scope.get("path") == "/_mock/reset":
                self.library.rewind()
            await self.mock_app(scope, receive, send)
            return
        body = await read_body(receive)
        headers = [(n.decode("latin-1"), v.decode("latin-1")) for n, v in scope["headers"]]
        query = scope["query_string"].decode("latin-1")
        uri = "http://mock" + scope["path"] + (f"?{query}" if query else "")
        view = self.library.view(scope["method"], uri, headers, body)
        interaction = self.library.answer(view)
        if interaction is None and self.on_miss == "generate":
            await self.mock_app(scope, replayed_receive(body, receive), send)
            return
        entry = self.journaler.note(scope, body, "cassette")
        if interaction is None:
            entry.status = 404
            message = self.library.miss_message(scope["method"], scope["path"], view)
            error = {"message": message, "type": "invalid_request_error", "param": None}
            await JSONResponse({"error": {**error, "code": "cassette_miss"}}, 404)(
                scope, receive, send
            )
            return
        response = interaction.response
        entry.status = response.status
        entry.request_id = (
            response.header("x-request-id") or response.header("apim-request-id") or ""
        )
        chunks = _split(response.body) if response.is_sse else [response.body]
        await send_whole(send, response.status, response.headers, chunks)


def _split(body: bytes) -> list[bytes]:
    from openai_kit.pytest_plugin._model import split_events

    return split_events(body)
