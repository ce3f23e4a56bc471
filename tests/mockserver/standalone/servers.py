"""Live servers in a thread for the standalone tests: the mock, cassette replay, the proxy."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from openai_kit.mockserver import MockServer
from openai_kit.mockserver._cassette_server import CassetteApp, CassetteLibrary
from openai_kit.mockserver._live import serve_in_thread
from openai_kit.mockserver._proxy import CassetteRecorder, ProxyApp
from openai_kit.mockserver._standalone import StandaloneApp
from openai_kit.pytest_plugin._cassette import Cassette

ROOT = Path(__file__).resolve().parents[3]
PROJECT_CASSETTES = ROOT / "cassettes"


@contextmanager
def replaying(directory: Path, on_miss: str = "error", seed: int = 99) -> Iterator[str]:
    """A live server answering from the cassettes under ``directory``; yields its URL."""
    mock = MockServer(seed=seed)
    library = CassetteLibrary(directory)
    app = CassetteApp(library, mock.app, mock.requests, on_miss)
    with serve_in_thread(StandaloneApp(mock, serve=app, mode="cassettes")) as url:
        yield url


@contextmanager
def proxying(upstream: str, directory: Path) -> Iterator[tuple[str, CassetteRecorder]]:
    """A live record proxy to ``upstream`` writing into ``directory``; yields (URL, recorder)."""
    mock = MockServer()
    recorder = CassetteRecorder(directory)
    proxy = ProxyApp(upstream, recorder, mock.app, mock.requests)
    with serve_in_thread(StandaloneApp(mock, serve=proxy, mode="proxy")) as url:
        yield url, recorder


def record_with_plugin(path: Path, mock: MockServer) -> httpx.Client:
    """An httpx client whose exchanges with ``mock`` the plugin records into ``path`` on close."""
    cassette = Cassette.open(path, record_mode="all")
    client = httpx.Client(transport=cassette.wrap_sync(mock.transport()), base_url="http://m")
    original_close = client.close

    def close() -> None:
        original_close()
        cassette.close()

    client.close = close  # type: ignore[method-assign]
    return client
