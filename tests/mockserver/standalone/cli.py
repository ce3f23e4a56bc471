"""Run ``openai-kit-mock`` in a child process and read what it prints, line by line."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
_URL = re.compile(r"listening on (http://\S+)")


class RunningCLI:
    """A started server: its ``url``, and every line it printed so far (stdout and stderr)."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process
        self.lines: list[str] = []
        self._changed = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        first = self.wait_for(lambda line: _URL.search(line) is not None)
        match = _URL.search(first)
        assert match, first
        self.url = match.group(1)

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            with self._changed:
                self.lines.append(line.rstrip("\n"))
                self._changed.notify_all()
        with self._changed:
            self._changed.notify_all()

    def wait_for(self, wanted: Callable[[str], bool], timeout: float = 15.0) -> str:
        """The first printed line ``wanted`` accepts, waiting for it up to ``timeout`` s."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for line in self.lines:
                    if wanted(line):
                        return line
                left = deadline - time.monotonic()
                if left <= 0 or (self.process.poll() is not None and not self._reader.is_alive()):
                    raise AssertionError("not printed; the output was:\n" + "\n".join(self.lines))
                self._changed.wait(min(left, 0.2))

    @property
    def output(self) -> str:
        with self._changed:
            return "\n".join(self.lines)


def command(*flags: str) -> list[str]:
    return [sys.executable, "-m", "openai_kit.mockserver", "--port", "0", *flags]


@contextmanager
def running(*flags: str, argv: list[str] | None = None) -> Iterator[RunningCLI]:
    """The CLI with ``flags`` (or the whole ``argv``), stopped with Ctrl-C when the block ends."""
    process = subprocess.Popen(
        argv or command(*flags),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    cli: RunningCLI | None = None
    try:
        cli = RunningCLI(process)
        yield cli
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if cli is not None:
            cli._reader.join(10)
        assert process.stdout is not None
        process.stdout.close()
