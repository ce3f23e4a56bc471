"""``python -m openai_kit.mockserver`` (console script ``openai-kit-mock``): serve the mock."""

from __future__ import annotations

import argparse
import secrets
import sys
from collections.abc import Callable, Sequence
from typing import Any

import uvicorn

from openai_kit._version import __version__
from openai_kit.mockserver import _cli_types as T
from openai_kit.mockserver import faults
from openai_kit.mockserver._admin_access import is_loopback
from openai_kit.mockserver._core import DEFAULT_MAX_BODY_BYTES
from openai_kit.mockserver._faults_book import FaultRule
from openai_kit.mockserver._journal import DEFAULT_JOURNAL_BYTES
from openai_kit.mockserver._live import (
    HTTP_PROTOCOLS,
    base_url,
    bind_socket,
    protocol_class,
    ticking,
    uvicorn_config,
)
from openai_kit.mockserver._server import DEFAULT_AZURE_API_VERSION, MockServer
from openai_kit.mockserver._standalone_cli import (
    add_standalone_arguments,
    served_app,
    standalone_lines,
)
from openai_kit.mockserver._stores import DEFAULT_STORE_LIMIT
from openai_kit.mockserver._strict_json import loads as strict_loads

__all__ = [
    "admin_token_for",
    "exposed_warning",
    "install_session_faults",
    "install_webhooks",
    "main",
    "parser",
    "startup_message",
]


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="openai-kit-mock",
        description="Serve the openai-kit mock of the OpenAI and Azure OpenAI APIs.",
    )
    p.add_argument("--version", action="version", version=f"openai-kit-mock {__version__}")
    p.add_argument("--host", default="127.0.0.1", help="interface to bind (default: 127.0.0.1)")
    p.add_argument(
        "--port", type=T.port, default=8000, help="port; 0 picks a free one (default: 8000)"
    )
    p.add_argument(
        "--seed",
        type=T.seed,
        default=0,
        help=f"seed of generated content and ids, 0 to {T.MAX_SEED} (default: 0)",
    )
    p.add_argument(
        "--api-key",
        action="append",
        dest="api_keys",
        metavar="KEY",
        help="accept only this key (repeatable); without it any non-empty key is accepted",
    )
    p.add_argument(
        "--latency", type=float, default=0.0, help="seconds to wait before each answer (default: 0)"
    )
    p.add_argument(
        "--http",
        choices=HTTP_PROTOCOLS,
        default="h11",
        help="uvicorn's HTTP implementation: h11 (pure Python) or httptools (about 3x the "
        "requests per second; pip install httptools) (default: h11)",
    )
    p.add_argument(
        "--log-level",
        choices=T.LOG_LEVELS,
        default="info",
        help="uvicorn log level (default: info)",
    )
    _model_arguments(p)
    add_standalone_arguments(p)
    _webhook_arguments(p)
    _limit_arguments(p)
    _fault_arguments(p)
    return p


def _repeatable(
    group: argparse._ActionsContainer,
    flag: str,
    dest: str,
    metavar: str,
    help: str,
    type: Callable[[str], Any] = str,
) -> None:
    """A flag that may be given many times; ``dest`` lists the values ([] when none)."""
    group.add_argument(
        flag, action="append", dest=dest, type=type, default=[], metavar=metavar, help=help
    )


def _model_arguments(p: argparse.ArgumentParser) -> None:
    m = p.add_argument_group("models")
    _repeatable(
        m,
        "--deployment",
        "deployments",
        "NAME=MODEL",
        "an Azure deployment and its model (repeatable); with any, only those are deployed "
        "(default: every model under its own name)",
        type=T.name_model,
    )
    _repeatable(
        m,
        "--model",
        "models",
        "NAME[=BASE]",
        f"also serve model NAME, answering like catalogue model BASE (repeatable; "
        f"default BASE: {T.DEFAULT_CUSTOM_BASE})",
        type=T.model_spec,
    )


def _webhook_arguments(p: argparse.ArgumentParser) -> None:
    w = p.add_argument_group("webhooks (kept for the whole session)")
    _repeatable(
        w,
        "--webhook",
        "webhooks",
        "URL",
        "send signed webhook events (batch.completed, ...) to URL (repeatable)",
    )
    w.add_argument(
        "--webhook-secret",
        metavar="SECRET",
        help="whsec_ secret the events are signed with (default: one made from the seed)",
    )


def _fault_arguments(p: argparse.ArgumentParser) -> None:
    f = p.add_argument_group("faults (kept for the whole session, also across POST /_mock/reset)")
    f.add_argument(
        "--fault-rate",
        type=float,
        default=0.0,
        metavar="P",
        help="answer this share of API requests (0..1) with a 500 or 503, drawn from --seed",
    )
    f.add_argument("--rate-limit-rpm", type=int, metavar="N", help="requests per minute per key")
    f.add_argument("--rate-limit-tpm", type=int, metavar="N", help="tokens per minute per key")
    f.add_argument(
        "--rate-limit-per",
        choices=("key", "deployment"),
        default="key",
        help="what a rate-limit bucket belongs to (default: key)",
    )
    _repeatable(
        f,
        "--fault",
        "faults",
        "JSON",
        "a fault rule as POST /_mock/faults takes it (repeatable), e.g. "
        '\'{"fault": {"kind": "status", "status": 429}, "times": 2}\'',
    )


def _limit_arguments(p: argparse.ArgumentParser) -> None:
    a = p.add_argument_group("admin API access (/_mock/*)")
    a.add_argument(
        "--admin-token",
        metavar="TOKEN",
        help="require this token on /_mock/* (Authorization: Bearer TOKEN or x-mock-admin-token); "
        "when --host is not loopback and no token is given, one is generated and printed",
    )
    _repeatable(
        a,
        "--admin-allow-host",
        "admin_hosts",
        "HOST",
        "also let this host name or origin (http://name:port) use /_mock/* without a token "
        "(repeatable; loopback ones always may)",
    )
    m = p.add_argument_group("limits (see the README's 'Limits and security')")
    m.add_argument(
        "--max-body-bytes",
        type=int,
        default=DEFAULT_MAX_BODY_BYTES,
        metavar="N",
        help=f"largest request body, a 413 beyond (default: {DEFAULT_MAX_BODY_BYTES})",
    )
    m.add_argument(
        "--journal-bytes",
        type=int,
        default=DEFAULT_JOURNAL_BYTES,
        metavar="N",
        help=f"bytes the request journal keeps, oldest dropped first (default: {DEFAULT_JOURNAL_BYTES})",
    )
    m.add_argument(
        "--store-limit",
        type=int,
        default=DEFAULT_STORE_LIMIT,
        metavar="N",
        help="objects each store keeps (responses, files...), oldest forgotten first "
        f"(default: {DEFAULT_STORE_LIMIT})",
    )


def admin_token_for(host: str, given: str | None) -> tuple[str | None, bool]:
    """The admin token to serve with, and whether it was generated here.

    A server bound to an interface other than loopback always has one.
    """
    if given is not None and not given.strip():
        raise ValueError("--admin-token must not be empty")
    if given is not None or is_loopback(host):
        return given, False
    return secrets.token_urlsafe(24), True


def install_session_faults(mock: MockServer, args: argparse.Namespace) -> None:
    """Install the faults the command line asks for, kept across resets.

    ValueError/TypeError on nonsense, and then nothing stays installed.
    """
    rate = args.fault_rate
    if not 0.0 <= rate <= 1.0:
        raise ValueError(f"--fault-rate must be between 0 and 1, got {rate}")
    installed: list[FaultRule] = []
    try:
        if rate:
            errors = faults.one_of(faults.server_error(), faults.service_unavailable())
            installed.append(mock.faults.add(errors, probability=rate, keep_on_reset=True))
        if args.rate_limit_rpm is not None or args.rate_limit_tpm is not None:
            limit = faults.rate_limit(args.rate_limit_rpm, args.rate_limit_tpm, args.rate_limit_per)
            installed.append(mock.faults.add(limit, keep_on_reset=True))
        for text in args.faults:
            try:
                spec = strict_loads(text)
            except ValueError:
                raise ValueError(f"--fault is not valid JSON: {text!r}") from None
            installed.append(mock.faults.add_json(spec, keep_on_reset=True))
    except (TypeError, ValueError):
        for rule in installed:
            rule.remove()
        raise


def startup_message(url: str, *, keys_restricted: bool) -> str:
    """What the server prints when it listens: where, and how to point clients at it."""
    key = "<one of your --api-key values>" if keys_restricted else "sk-mock"
    return (
        f"openai-kit mock server listening on {url}\n"
        f"  OpenAI: OPENAI_BASE_URL={url}/v1 OPENAI_API_KEY={key}\n"
        f"  Azure:  AZURE_OPENAI_ENDPOINT={url} AZURE_OPENAI_API_KEY={key} "
        f"OPENAI_API_VERSION={DEFAULT_AZURE_API_VERSION}\n"
        f"  Admin:  {url}/_mock/requests, {url}/_mock/faults  (Ctrl-C stops)"
    )


def _mock_server(args: argparse.Namespace, token: str | None) -> MockServer:
    """The server the arguments describe; ValueError on settings that do not fit."""
    return MockServer(
        seed=args.seed,
        api_keys=args.api_keys,
        latency=args.latency,
        deployments=dict(args.deployments) if args.deployments else None,
        max_body_bytes=args.max_body_bytes,
        journal_bytes=args.journal_bytes,
        store_limit=args.store_limit,
        admin_token=token,
        admin_hosts=args.admin_hosts,
        models=dict(args.models),
    )


def install_webhooks(mock: MockServer, args: argparse.Namespace) -> list[str]:
    """Register the ``--webhook`` URLs (kept across resets); lines telling made-up secrets."""
    told: list[str] = []
    for target in args.webhooks or ():
        added = mock.webhooks.add(target, args.webhook_secret, keep_on_reset=True)
        if args.webhook_secret is None:
            told.append(f"webhook events to {target} are signed with {added['secret']}")
    return told


def exposed_warning(host: str, generated_token: str | None) -> str:
    """What the server says when it listens beyond this machine."""
    lines = [
        f"warning: --host {host} is not a loopback address: other machines can reach the mock, "
        "and it accepts any API key unless --api-key is given.",
        "  The admin API (/_mock/*) requires the admin token "
        "(Authorization: Bearer <token> or x-mock-admin-token: <token>).",
    ]
    if generated_token is not None:
        lines.append(f"  Admin token (generated; pass --admin-token to choose): {generated_token}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.latency < 0:
        parser().error("--latency must be >= 0")
    try:
        token, generated = admin_token_for(args.host, args.admin_token)
        protocol_class(args.http)
        mock = _mock_server(args, token)
        install_session_faults(mock, args)
        served = served_app(mock, args, token_generated=generated)
        webhook_lines = install_webhooks(mock, args)
    except (TypeError, ValueError) as exc:
        parser().error(str(exc))
    try:
        sock = bind_socket(args.host, args.port)
        # listening before the address is printed: a client that reads it connects at once
        sock.listen(2048)
    except OSError as exc:
        print(T.busy_port_hint(args.host, args.port, exc), file=sys.stderr)
        return 1
    url = base_url(sock)
    print(startup_message(url, keys_restricted=bool(args.api_keys)), flush=True)
    for line in [*standalone_lines(url, served, args), *webhook_lines]:
        print(line, flush=True)
    if not is_loopback(args.host):
        print(exposed_warning(args.host, token if generated else None), file=sys.stderr, flush=True)
    server = uvicorn.Server(uvicorn_config(served.app, log_level=args.log_level, http=args.http))
    try:
        with ticking(mock.state.tick):
            server.run(sockets=[sock])
    except KeyboardInterrupt:
        # uvicorn re-raises the Ctrl-C it shut down on; the shutdown was clean.
        pass
    finally:
        sock.close()
        served.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
