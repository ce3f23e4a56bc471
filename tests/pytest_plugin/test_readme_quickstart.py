"""The README's pytest plugin section, pasted into an empty project and run as it says.

Every Python block of the section that opens with ``# tests/<file>.py`` is
saved under that name; the shell block is run line by line (a line ending in
``&`` in the background, ``kill %1`` stopping it), on a free port instead of
the README's 8765. Every step must succeed and the record step must write
the cassette the replay then reads.
"""

from __future__ import annotations

import os
import re
import shlex
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
README_PORT = "8765"
FENCE = re.compile(r"^```(\w+)[^\n]*\n(.*?)^```", re.S | re.M)


def plugin_section() -> str:
    text = (ROOT / "README.md").read_text()
    start = text.index("## The pytest plugin")
    end = text.index("\n## ", start + 1)
    return text[start:end]


def blocks(language: str) -> list[str]:
    return [body for lang, body in FENCE.findall(plugin_section()) if lang == language]


def test_the_section_has_the_snippets_this_test_runs() -> None:
    named = [block.splitlines()[0] for block in blocks("python")]
    assert [line.split()[1] for line in named] == [
        "tests/test_app.py",
        "tests/test_own_client.py",
        "tests/test_async.py",
        "tests/test_asyncio.py",
    ]
    assert len(blocks("bash")) == 1


def _free_port() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return str(sock.getsockname()[1])


def _wait_for(port: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        assert server.poll() is None, "the mock server exited"
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", int(port))) == 0:
                return
        time.sleep(0.05)
    raise AssertionError(f"nothing listens on port {port}")


def _command(line: str, base_env: dict[str, str]) -> tuple[list[str], dict[str, str]]:
    """``VAR=value ... program args`` as argv (program from this environment) and env."""
    words = shlex.split(line.split("#", 1)[0])
    env = dict(base_env)
    while words and re.fullmatch(r"[A-Z_]+=.*", words[0]):
        name, value = words.pop(0).split("=", 1)
        env[name] = value
    program = BIN / words[0]
    return [str(program if program.exists() else words[0]), *words[1:]], env


@pytest.mark.slow
def test_the_quick_start_passes_in_an_empty_project(tmp_path: Path) -> None:
    for block in blocks("python"):
        name = block.splitlines()[0].split()[1]
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(block)
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("OPENAI_", "AZURE_OPENAI_", "PYTEST_")) and k != "CI"
    }
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    # The development environment also has openai-responses, whose plugin defines its own
    # openai_mock fixture; a downstream project has one or the other.
    env["PYTEST_ADDOPTS"] = "-p no:openai_responses"
    port = _free_port()
    background: list[subprocess.Popen[bytes]] = []
    outputs: list[str] = []
    try:
        for raw in blocks("bash")[0].splitlines():
            line = raw.split("#", 1)[0].strip().replace(README_PORT, port)
            if line == "kill %1":
                stopped = background.pop()
                stopped.terminate()
                stopped.wait(timeout=10)
            elif line.endswith("&"):
                argv, run_env = _command(line[:-1], env)
                server = subprocess.Popen(
                    argv, cwd=tmp_path, env=run_env, stdout=subprocess.DEVNULL
                )
                background.append(server)
                _wait_for(port, server)
            elif line:
                argv, run_env = _command(line, env)
                done = subprocess.run(
                    argv, cwd=tmp_path, env=run_env, capture_output=True, text=True, timeout=300
                )
                assert done.returncode == 0, done.stdout + done.stderr
                outputs.append(done.stdout)
    finally:
        for server in background:
            server.terminate()
            server.wait(timeout=10)
    record, replay = outputs
    assert (tmp_path / "tests/cassettes/test_app/test_recorded.yaml").is_file()
    assert "recorded 1 interaction to tests/cassettes/test_app/test_recorded.yaml" in record
    assert re.search(r"\b8 passed\b", replay), replay
    assert "record mode none (default: CI is set)" in replay
    assert "openai-kit cassettes" not in replay
