"""The command line's standalone options: request log, dashboard access, what answers.

``served_app`` turns them into the :class:`StandaloneApp` the CLI serves;
``standalone_lines`` are what it prints about them at start-up.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass, field

from openai_kit.mockserver._admin_access import is_loopback, new_admin_token
from openai_kit.mockserver._observe import CAPTURE_LIMIT, Sink
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
    g.add_argument(
        "--admin-token",
        metavar="TOKEN",
        help="require this token for /_mock/ (the admin API and the dashboard); made up and "
        "printed when --host is not a loopback address",
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


def served_app(mock: MockServer, args: argparse.Namespace) -> Served:
    """The standalone app for ``mock`` as the arguments ask; ValueError on a bad combination."""
    token = args.admin_token
    generated = token is None and not is_loopback(args.host)
    if generated:
        token = new_admin_token()
    elif token is not None and not token.strip():
        raise ValueError("--admin-token must not be empty")
    sinks: list[Sink] = [] if args.quiet else [RequestLogger(sys.stdout, args.log_format)]
    app = StandaloneApp(
        mock,
        sinks=sinks,
        capture=CAPTURE_LIMIT if args.capture else 0,
        admin_token=token,
    )
    return Served(app, token, generated)


def standalone_lines(url: str, served: Served, args: argparse.Namespace) -> list[str]:
    """Start-up lines about the dashboard, its token and what answers."""
    dashboard = f"{url}/_mock/"
    lines = list(served.notes)
    if served.admin_token is not None:
        if served.token_generated:
            lines.append(f"  Admin token (generated; --admin-token sets one): {served.admin_token}")
        lines.append(f"  Dashboard: {dashboard}?token=<admin token>")
    else:
        lines.append(f"  Dashboard: {dashboard}")
    return lines
