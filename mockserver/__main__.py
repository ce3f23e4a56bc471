"""``python -m openai_kit.mockserver`` (console script ``openai-kit-mock``): serve the mock."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import uvicorn

from openai_kit.mockserver._live import base_url, bind_socket, uvicorn_config
from openai_kit.mockserver._server import DEFAULT_AZURE_API_VERSION, MockServer

__all__ = ["main", "parser", "startup_message"]


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="openai-kit-mock",
        description="Serve the openai-kit mock of the OpenAI and Azure OpenAI APIs.",
    )
    p.add_argument("--host", default="127.0.0.1", help="interface to bind (default: 127.0.0.1)")
    p.add_argument(
        "--port", type=int, default=8000, help="port; 0 picks a free one (default: 8000)"
    )
    p.add_argument(
        "--seed", type=int, default=0, help="seed of generated content and ids (default: 0)"
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
    p.add_argument("--log-level", default="info", help="uvicorn log level (default: info)")
    return p


def startup_message(url: str, *, keys_restricted: bool) -> str:
    """What the server prints when it listens: where, and how to point clients at it."""
    key = "<one of your --api-key values>" if keys_restricted else "sk-mock"
    return (
        f"openai-kit mock server listening on {url}\n"
        f"  OpenAI: OPENAI_BASE_URL={url}/v1 OPENAI_API_KEY={key}\n"
        f"  Azure:  AZURE_OPENAI_ENDPOINT={url} AZURE_OPENAI_API_KEY={key} "
        f"OPENAI_API_VERSION={DEFAULT_AZURE_API_VERSION}\n"
        f"  Admin:  {url}/_mock/requests  (Ctrl-C stops)"
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.latency < 0:
        parser().error("--latency must be >= 0")
    mock = MockServer(seed=args.seed, api_keys=args.api_keys, latency=args.latency)
    try:
        sock = bind_socket(args.host, args.port)
    except OSError as exc:
        print(f"openai-kit-mock: cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 1
    url = base_url(sock)
    print(startup_message(url, keys_restricted=bool(args.api_keys)), flush=True)
    server = uvicorn.Server(uvicorn_config(mock.app, log_level=args.log_level))
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        # uvicorn re-raises the Ctrl-C it shut down on; the shutdown was clean.
        pass
    finally:
        sock.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
