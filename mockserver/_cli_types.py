"""Argument types of the command line: each checks its value before the server starts."""

from __future__ import annotations

import argparse
import errno
from typing import Final

__all__ = [
    "LOG_LEVELS",
    "MAX_SEED",
    "busy_port_hint",
    "model_spec",
    "name_model",
    "port",
    "seed",
]

LOG_LEVELS: Final = ("critical", "error", "warning", "info", "debug", "trace")
MAX_SEED: Final = 2**63 - 1
DEFAULT_CUSTOM_BASE: Final = "gpt-4o-mini"


def port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(
            f"{value} is not a port: use 1 to 65535, or 0 for a free one"
        )
    return value


def seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an integer") from None
    if not 0 <= value <= MAX_SEED:
        raise argparse.ArgumentTypeError(f"{value} is out of range: use 0 to {MAX_SEED}")
    return value


def name_model(text: str) -> tuple[str, str]:
    """``NAME=MODEL`` (an Azure deployment and the model behind it)."""
    name, equals, model = text.partition("=")
    if not equals or not name.strip() or not model.strip():
        raise argparse.ArgumentTypeError(f"expected NAME=MODEL, got {text!r}")
    return name.strip(), model.strip()


def model_spec(text: str) -> tuple[str, str]:
    """``NAME`` or ``NAME=BASE``: a model name to serve, behaving like ``BASE``."""
    name, equals, base = text.partition("=")
    if not name.strip() or (equals and not base.strip()):
        raise argparse.ArgumentTypeError(f"expected NAME or NAME=BASE, got {text!r}")
    return name.strip(), base.strip() or DEFAULT_CUSTOM_BASE


def busy_port_hint(host: str, port_number: int, error: OSError) -> str:
    """What to tell a person whose port could not be bound."""
    lines = [f"openai-kit-mock: cannot listen on {host}:{port_number}: {error.strerror or error}"]
    if port_number and error.errno == errno.EADDRINUSE:
        lines.append(
            f"  port {port_number} is in use (another server?): stop it, pick another port with"
            " --port N, or let the system pick a free one with --port 0"
        )
    elif port_number and port_number < 1024:
        lines.append("  ports below 1024 need privileges: pick one above 1023, or --port 0")
    return "\n".join(lines)
