"""One entry point for working on openai-kit, needing only Python 3.11+.

    python3 scripts/dev.py test     set up both venvs, then lint, type-check, run the tests
                                    (2 workers), and the downstream scenarios against openai 3.x
    python3 scripts/dev.py test3    set up .venv-openai3, then run the downstream scenarios there
    python3 scripts/dev.py mock     set up .venv, then run the mock server (extra args pass through)
    python3 scripts/dev.py check    set up .venv, then ruff and mypy only
    python3 scripts/dev.py setup    only create or refresh both venvs

The development environment lives in .venv at the repository root (the dev
extra: the official openai 2.x, httpx). A second one, .venv-openai3, holds
what a downstream project on the official openai 3.x (httpx2) has: this
package with its testing and realtime extras, openai>=3 with its realtime
extra (the websockets package, for Realtime sessions) and pytest-asyncio
(which the repository's pytest settings name), and runs the tests marked
``downstream``.
Each is reinstalled only when pyproject.toml changes (a hash is kept inside).
Extra arguments to ``test`` go to the first pytest run only; the openai 3.x
run is then left out (``test3`` runs it, extra arguments passed through).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")
VENV3 = ROOT / ".venv-openai3"
PY3 = (
    VENV3
    / ("Scripts" if os.name == "nt" else "bin")
    / ("python.exe" if os.name == "nt" else "python")
)
# What a downstream project on openai 3.x installs (Realtime sessions included: both
# realtime extras, which agree on one websockets), plus what the repository's pytest
# settings need to parse (asyncio_mode); no xdist, the run is small.
OPENAI3_REQUIREMENTS = (
    "-e",
    ".[testing,realtime]",
    "openai[realtime]>=3,<4",
    "pytest-asyncio>=0.24",
)


def run(*cmd: str | Path, env: dict[str, str] | None = None) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    result = subprocess.run([str(c) for c in cmd], cwd=ROOT, env=env)
    if result.returncode != 0:
        sys.exit(result.returncode)


def serve(*cmd: str | Path) -> None:
    """Run the server in a child process that ends when this one is stopped.

    Ctrl-C reaches both through the terminal; a SIGTERM or SIGHUP sent to this
    process alone is passed on to the child, and the child is waited for
    (then killed, should it linger), so no server outlives its command.
    """
    child = subprocess.Popen([str(c) for c in cmd], cwd=ROOT)

    def forward(signum: int, _frame: object) -> None:
        if child.poll() is None:
            child.send_signal(signal.SIGINT if signum == signal.SIGINT else signal.SIGTERM)

    for name in ("SIGTERM", "SIGHUP", "SIGINT"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), forward)
    try:
        code = child.wait()
    finally:
        if child.poll() is None:
            child.terminate()
            try:
                child.wait(5)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
    sys.exit(code if code >= 0 else 128 - code)


def install(folder: Path, python: Path, *requirements: str) -> None:
    """Create ``folder`` as a venv and install ``requirements``, unless that is done already."""
    if not python.exists():
        venv.EnvBuilder(with_pip=True, clear=True).create(folder)
    stamp = folder / ".openai-kit-installed"
    wanted = hashlib.sha256(
        (ROOT / "pyproject.toml").read_bytes() + " ".join(requirements).encode()
    ).hexdigest()
    if stamp.exists() and stamp.read_text() == wanted:
        return
    run(python, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(python, "-m", "pip", "install", "--quiet", *requirements)
    stamp.write_text(wanted)


def setup() -> None:
    install(VENV, PY, "-e", ".[dev]")


def setup_openai3() -> None:
    install(VENV3, PY3, *OPENAI3_REQUIREMENTS)


def test_openai3(*args: str) -> None:
    """The downstream scenarios with the official openai 3.x (httpx2) installed."""
    run(
        PY3, "-m", "pytest", "-m", "downstream", "-p", "no:cacheprovider", "tests/downstream", *args
    )


def typecheck_tree() -> Path:
    """Lay out openai_kit as it installs, so mypy sees the package-dir mapping.

    A default editable install maps mockserver/ and pytest_plugin/ into
    openai_kit with an import hook that mypy cannot follow; symlinks can.
    """
    tree = Path(tempfile.mkdtemp(prefix="openai-kit-typecheck-"))
    pkg = tree / "openai_kit"
    pkg.mkdir()
    for entry in (ROOT / "src" / "openai_kit").iterdir():
        if entry.name != "__pycache__":
            (pkg / entry.name).symlink_to(entry)
    for name in ("mockserver", "pytest_plugin"):
        if (ROOT / name).is_dir():
            (pkg / name).symlink_to(ROOT / name)
    return tree


def ensure_browser() -> None:
    """Debian's chromium for the dashboard's browser tests, installed when missing and root.

    Without it (not root, no apt-get) those tests skip and say why.
    """
    names = ("chromium", "chromium-browser", "google-chrome")
    if any(shutil.which(name) for name in names) or not shutil.which("apt-get"):
        return
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        print("note: no chromium; the dashboard's browser tests will skip", flush=True)
        return
    quiet = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "chromium"]):
        print("+", " ".join(cmd), flush=True)
        if subprocess.run(cmd, env=quiet, stdout=subprocess.DEVNULL).returncode != 0:
            print("note: chromium could not be installed; browser tests will skip", flush=True)
            return


def check() -> None:
    run(BIN / "ruff", "check", ".")
    run(BIN / "ruff", "format", "--check", ".")
    tree = typecheck_tree()
    env = {**os.environ, "MYPYPATH": str(tree)}
    try:
        run(BIN / "mypy", "-p", "openai_kit", env=env)
    finally:
        shutil.rmtree(tree, ignore_errors=True)


def _parallel(args: list[str]) -> list[str]:
    """Two test workers (the machines here have two cores) unless the arguments choose."""
    chosen = any(a == "-n" or a.startswith(("-n", "--numprocesses")) for a in args)
    return args if chosen or "no:xdist" in args else ["-n", "2", *args]


def main(argv: list[str]) -> None:
    command, rest = (argv[0], argv[1:]) if argv else ("test", [])
    if command == "test3":
        setup_openai3()
        test_openai3(*rest)
        return
    setup()
    if command == "setup":
        setup_openai3()
        return
    if command == "check":
        check()
    elif command == "test":
        check()
        ensure_browser()
        if not rest:
            setup_openai3()
        run(PY, "-m", "pytest", *_parallel(rest))
        if not rest:
            test_openai3()
    elif command == "mock":
        serve(PY, "-m", "openai_kit.mockserver", *rest)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    if sys.version_info < (3, 11):  # noqa: UP036 - the one check that must run on old Pythons
        sys.exit("openai-kit needs Python 3.11 or newer")
    main(sys.argv[1:])
