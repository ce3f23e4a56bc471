"""One entry point for working on openai-kit, needing only Python 3.11+.

    python3 scripts/dev.py test     set up .venv, then lint, type-check and run the tests
    python3 scripts/dev.py mock     set up .venv, then run the mock server (extra args pass through)
    python3 scripts/dev.py check    set up .venv, then ruff and mypy only
    python3 scripts/dev.py setup    only create or refresh .venv

The virtual environment lives in .venv at the repository root. It is
reinstalled only when pyproject.toml changes (a hash is kept inside .venv).
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
STAMP = VENV / ".openai-kit-installed"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")


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


def setup() -> None:
    if not PY.exists():
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    run(PY, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(PY, "-m", "pip", "install", "--quiet", "-e", ".[dev]")
    STAMP.write_text(wanted)


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


def main(argv: list[str]) -> None:
    command, rest = (argv[0], argv[1:]) if argv else ("test", [])
    setup()
    if command == "setup":
        return
    if command == "check":
        check()
    elif command == "test":
        check()
        ensure_browser()
        run(PY, "-m", "pytest", *rest)
    elif command == "mock":
        serve(PY, "-m", "openai_kit.mockserver", *rest)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    if sys.version_info < (3, 11):  # noqa: UP036 - the one check that must run on old Pythons
        sys.exit("openai-kit needs Python 3.11 or newer")
    main(sys.argv[1:])
