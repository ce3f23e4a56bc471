"""Record and replay OpenAI traffic at the httpx transport seam, in vcrpy's cassette format.

::

    cassette = Cassette.open(path, record_mode=RecordMode.ONCE)
    client = OpenAI(http_client=httpx.Client(transport=cassette.wrap_sync(httpx.HTTPTransport())))
    ...                      # requests are answered from the file, or recorded through the real transport
    cassette.close()         # writes what was recorded (per the record mode)

Replay costs one dict lookup per request: interactions are indexed at load by
the tuple of their matcher keys (see ``_matchers``), and identical requests
take the recorded answers in recorded order, each answer once. A request
without a recorded answer, in a mode that does not record, fails the test
through ``pytest.fail``: not an ordinary exception, which the SDK would retry
and wrap as ``APIConnectionError``. The message names the request (URL and
body scrubbed), the cassette file and the closest recorded requests with what
differs.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Hashable, Sequence
from itertools import islice
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, NoReturn

from openai_kit.pytest_plugin._matchers import (
    Matcher,
    RequestView,
    differences,
    json_differences,
    resolve_matchers,
)
from openai_kit.pytest_plugin._model import Interaction
from openai_kit.pytest_plugin._record_mode import RecordMode
from openai_kit.pytest_plugin._scrub import scrub_interaction, scrub_url
from openai_kit.pytest_plugin._serialize import load_cassette, write_cassette
from openai_kit.pytest_plugin._transport import AsyncCassetteTransport, CassetteTransport

if TYPE_CHECKING:
    import httpx

__all__ = ["Cassette", "Interaction", "RecordMode"]

_CANDIDATES = 3  # recorded requests shown when one is missing
_FINALISTS = 50  # best-agreeing requests compared body by body to pick those
_EXCERPT = 300

Key = tuple[Hashable, ...]


class Cassette:
    """One cassette file: its recorded interactions, what was played and what is new.

    Build it with :meth:`open`. ``played`` lists the interactions that answered
    requests, in the order they did; ``new`` the interactions recorded since
    (scrubbed), in the order their requests were sent.
    """

    def __init__(
        self,
        path: Path,
        record_mode: RecordMode,
        matchers: tuple[Matcher, ...],
        interactions: Sequence[Interaction],
        *,
        file_exists: bool,
    ) -> None:
        self.path = path
        self.record_mode = record_mode
        self.match_on = tuple(m.name for m in matchers)
        self.file_exists = file_exists
        self._matchers = matchers
        self._loaded = tuple(interactions)
        self._views = [
            RequestView.build(x.request.method, x.request.uri, x.request.headers, x.request.body)
            for x in self._loaded
        ]
        self._keys = [self._key(view) for view in self._views]
        self._index: dict[Key, deque[int]] = {}
        if record_mode.replays:
            for position, key in enumerate(self._keys):
                self._index.setdefault(key, deque()).append(position)
        self._records = record_mode.records(file_exists=file_exists)
        self._played: list[Interaction] = []
        self._slots: list[Interaction | None] = []
        self._lock = threading.Lock()
        self._closed = False

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        record_mode: RecordMode | str,
        match_on: Sequence[str] | None = None,
    ) -> Cassette:
        """Load ``path`` (a missing file is an empty cassette) for ``record_mode``.

        ``match_on`` names the matchers (default ``method, path, query, body``);
        an unknown name or record mode raises ``ValueError``. A file in mode
        ``all`` is not read, since it will be rewritten.
        """
        mode = RecordMode.parse(record_mode)
        matchers = resolve_matchers(match_on)
        path = Path(path)
        exists = path.is_file()
        interactions = load_cassette(path) if exists and mode.replays else []
        return cls(path, mode, matchers, interactions, file_exists=exists)

    def __repr__(self) -> str:
        return (
            f"<Cassette {str(self.path)!r} mode={self.record_mode.value} "
            f"loaded={len(self._loaded)} played={len(self._played)} new={len(self.new)}>"
        )

    # -- what it holds ----------------------------------------------------------------------

    @property
    def interactions(self) -> tuple[Interaction, ...]:
        """The interactions read from the file, in file order."""
        return self._loaded

    @property
    def played(self) -> tuple[Interaction, ...]:
        with self._lock:
            return tuple(self._played)

    @property
    def new(self) -> tuple[Interaction, ...]:
        with self._lock:
            return tuple(x for x in self._slots if x is not None)

    @property
    def records(self) -> bool:
        """Whether a request without a recorded answer is sent for real and recorded."""
        return self._records

    # -- transports -------------------------------------------------------------------------

    def wrap_sync(self, real: httpx.BaseTransport) -> httpx.BaseTransport:
        """A transport that replays from this cassette and records through ``real``."""
        return CassetteTransport(self, real)

    def wrap_async(self, real: httpx.AsyncBaseTransport) -> httpx.AsyncBaseTransport:
        """The async twin of :meth:`wrap_sync`."""
        return AsyncCassetteTransport(self, real)

    # -- writing ----------------------------------------------------------------------------

    def close(self) -> None:
        """Write what was recorded: ``all`` rewrites the file, other modes append.

        Nothing is written when nothing was recorded. A response still being
        read when the cassette closes is left out. Closing twice is harmless.
        """
        with self._lock:
            if self._closed:
                return
            self._closed = True
            new = [x for x in self._slots if x is not None]
        if not new:
            return
        kept = (
            []
            if self.record_mode is RecordMode.ALL
            else [scrub_interaction(x) for x in self._loaded]
        )
        write_cassette(self.path, kept + new)

    def __enter__(self) -> Cassette:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # -- used by the transports -------------------------------------------------------------

    def _key(self, view: RequestView) -> Key:
        return tuple(matcher.key(view) for matcher in self._matchers)

    def _play(self, view: RequestView, request: httpx.Request) -> Interaction | None:
        """The recorded answer to ``view`` (marked played); None to record it; else fail the test."""
        if self._index:
            key = self._key(view)
            with self._lock:
                waiting = self._index.get(key)
                if waiting:
                    interaction = self._loaded[waiting.popleft()]
                    self._played.append(interaction)
                    return interaction
        if not self._records:
            self._fail_unmatched(view, request)
        return None

    def _reserve_slot(self) -> int:
        with self._lock:
            if self._closed:
                raise RuntimeError(f"cassette {self.path} is closed; it cannot record any more")
            self._slots.append(None)
            return len(self._slots) - 1

    def _fill_slot(self, slot: int, interaction: Interaction) -> None:
        with self._lock:
            self._slots[slot] = interaction

    # -- the failure message ------------------------------------------------------------------

    def _fail_unmatched(self, view: RequestView, request: httpx.Request) -> NoReturn:
        import pytest

        pytest.fail(self.unmatched_message(view, request), pytrace=False)

    def _fail_unreachable(self, request: httpx.Request, exc: Exception) -> NoReturn:
        """A recording whose target does not answer: name the target, the cassette, the cause."""
        import pytest

        target = scrub_url(str(request.url.copy_with(query=None, fragment=None)))
        cause = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        pytest.fail(
            f"openai-kit cassette: recording {self.path} (record mode {self.record_mode.value}), "
            f"but the target did not answer: {request.method} {target} ({cause}).\n"
            "Start the target (for an offline recording, a live mock: openai-kit-mock --port 8765 "
            "with OPENAI_BASE_URL=http://127.0.0.1:8765/v1), point OPENAI_BASE_URL at a running "
            "one, or replay only with --openai-record-mode=none.",
            pytrace=False,
        )

    def unmatched_message(self, view: RequestView, request: httpx.Request) -> str:
        """Why ``request`` got no answer: the request, the file, the closest recordings."""
        lines = [
            "openai-kit cassette: no recorded interaction matches this request",
            f"  request:  {request.method} {scrub_url(str(request.url))}",
        ]
        if view.body:
            lines.append(f"  body:     {_excerpt(view.body)}")
        if not self.file_exists:
            lines.append(f"  cassette: {self.path} (the file does not exist)")
        else:
            lines.append(f"  cassette: {self.path} ({len(self._loaded)} interactions)")
        lines.append(f"  record mode: {self.record_mode.value} ({self.record_mode.doc})")
        lines.append(f"  matching on: {', '.join(self.match_on)}")
        lines.extend(self.closest_lines(view))
        lines.append(
            "To record it, run pytest with --openai-record-mode=new_episodes"
            " (or delete the cassette file and use --openai-record-mode=once)."
        )
        return "\n".join(lines)

    def closest_lines(self, view: RequestView) -> list[str]:
        """Lines naming the recorded requests closest to ``view`` and how each differs
        (``#N`` is a recording's position in the cassette), for a miss's message."""
        if not self._loaded:
            return ["  the cassette holds no interactions"]
        key = self._key(view)
        agreeing = sorted(
            (-sum(a == b for a, b in zip(recorded, key, strict=True)), position)
            for position, recorded in enumerate(self._keys)
        )
        # Among the best by matcher count, prefer the bodies with the fewest differences.
        finalists = [(score, position) for score, position in agreeing[:_FINALISTS] if score < 0]
        if not finalists:
            return ["  no recorded request agrees with it on any matcher"]
        finalists.sort(key=lambda item: (item[0], self._body_distance(item[1], view), item[1]))
        lines = ["  closest recorded requests:"]
        for _score, position in finalists[:_CANDIDATES]:
            recorded = self._loaded[position].request
            lines.append(f"    #{position} {recorded.method} {scrub_url(recorded.uri)}")
            reasons = differences(self._matchers, self._views[position], view)
            if not reasons:
                reasons = ["matches, but already answered an earlier request (each answers once)"]
            lines.extend(f"      {reason}" for reason in reasons)
        return lines

    def _body_distance(self, position: int, view: RequestView) -> int:
        recorded, live = self._views[position].json(), view.json()
        return sum(1 for _ in islice(json_differences(recorded, live), _FINALISTS))


def _excerpt(body: bytes) -> str:
    text = " ".join(body.decode("utf-8", "replace").split())
    return text if len(text) <= _EXCERPT else text[: _EXCERPT - 1] + "…"
