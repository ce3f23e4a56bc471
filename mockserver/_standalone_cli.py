"""The command line's standalone options: request log, dashboard, what answers.

``served_app`` turns them into the :class:`StandaloneApp` the CLI serves;
``standalone_lines`` are what it prints about them at start-up.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from starlette.types import ASGIApp

from openai_kit.mockserver._cassette_server import ON_MISS, CassetteApp, CassetteLibrary
from openai_kit.mockserver._observe import CAPTURE_LIMIT, Sink
from openai_kit.mockserver._proxy import CassetteRecorder, ProxyApp
from openai_kit.mockserver._request_log import LOG_FORMATS, RequestLogger
from openai_kit.mockserver._server import MockServer
from openai_kit.mockserver._standalone import StandaloneApp

__all__ = ["Served", "add_standalone_arguments", "served_app", "standalone_lines"]


def add_standalone_arguments(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("request log and dashboard")
    g.add_argument("--quiet", action="store_true", help="no request log on the console")
    g.add_argument(
        "--log-format",
        choices=LOG_FORMATS,
        default="text",
        help="request log lines for people (text) or one JSON object each (default: text)",
    )
    g.add_argument(
        "--no-capture",
        dest="capture",
        action="store_false",
        help=f"keep no response bodies for the dashboard (default: the first "
        f"{CAPTURE_LIMIT // 1024} KiB of each)",
    )

    r = p.add_argument_group("cassettes and recording")
    r.add_argument(
        "--cassettes",
        type=Path,
        metavar="DIR",
        help="answer from the cassettes (vcrpy YAML) under DIR, matched as the pytest plugin does",
    )
    r.add_argument(
        "--on-miss",
        choices=ON_MISS,
        default="error",
        help="with --cassettes, a request nothing matches gets a 404 naming the closest "
        "recordings (error) or the mock's generated answer (generate) (default: error)",
    )
    r.add_argument(
        "--record-to",
        type=Path,
        metavar="DIR",
        help="forward API requests to --upstream and record them as a cassette in DIR",
    )
    r.add_argument(
        "--upstream", metavar="URL", help="where --record-to forwards (e.g. https://api.openai.com)"
    )


@dataclass
class Served:
    """The app the CLI serves, with what start-up tells about it and what stopping closes."""

    app: StandaloneApp
    admin_token: str | None = None
    token_generated: bool = False
    notes: list[str] = field(default_factory=list)
    closers: list[Callable[[], None]] = field(default_factory=list)

    def close(self) -> None:
        for closer in self.closers:
            closer()


def served_app(
    mock: MockServer, args: argparse.Namespace, *, token_generated: bool = False
) -> Served:
    """The standalone app for ``mock`` as the arguments ask; ValueError on a bad combination.

    ``mock``'s admin token (if any) guards the dashboard; ``token_generated`` says it was
    made up at start-up (start-up then prints it)."""
    loggers = [] if args.quiet else [RequestLogger(sys.stdout, args.log_format)]
    sinks: list[Sink] = [logger.sink for logger in loggers]
    mode, serve, notes = _answering(mock, args)
    app = StandaloneApp(
        mock,
        serve=serve,
        mode=mode,
        sinks=sinks,
        capture=CAPTURE_LIMIT if args.capture else 0,
    )
    return Served(app, mock.admin_token, token_generated, notes, [x.close for x in loggers])


def _answering(mock: MockServer, args: argparse.Namespace) -> tuple[str, ASGIApp, list[str]]:
    """What answers the API paths: the mock, cassettes, or the record proxy."""
    if args.record_to is not None and args.cassettes is not None:
        raise ValueError("--cassettes and --record-to cannot be used together")
    if (args.record_to is None) != (args.upstream is None):
        raise ValueError("--record-to and --upstream go together")
    if args.on_miss != "error" and args.cassettes is None:
        raise ValueError("--on-miss needs --cassettes")
    if args.cassettes is not None:
        library = CassetteLibrary(args.cassettes)
        app = CassetteApp(library, mock.app, mock.requests, args.on_miss)
        note = (
            f"  Cassettes: {len(library.interactions)} interactions from {args.cassettes}"
            f" (a miss: {'generated' if args.on_miss == 'generate' else '404'})"
        )
        return "cassettes", app, [note]
    if args.record_to is not None:
        recorder = CassetteRecorder(args.record_to)
        proxy = ProxyApp(args.upstream, recorder, mock.app, mock.requests)
        note = f"  Recording: {args.upstream} -> {recorder.path}"
        return "proxy", proxy, [note]
    return "mock", mock.app, []


def standalone_lines(url: str, served: Served, args: argparse.Namespace) -> list[str]:
    """Start-up lines about the dashboard, its token and what answers."""
    dashboard = f"{url}/_mock/"
    lines = list(served.notes)
    if served.admin_token is not None:
        lines.append(f"  Dashboard: {dashboard}?token=<admin token>")
    else:
        lines.append(f"  Dashboard: {dashboard}")
    return lines
