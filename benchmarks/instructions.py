"""Instructions per unit of work, counted by valgrind's callgrind: readings that do not
depend on what else a shared machine is doing.

    .venv/bin/python benchmarks/instructions.py realtime             # per Realtime text event, in process
    .venv/bin/python benchmarks/instructions.py standalone           # per request, live: bare mock vs the CLI's app
    .venv/bin/python benchmarks/instructions.py standalone --stream --seconds 20

- ``realtime``: the mock's ASGI app drives ``--sessions`` Realtime sessions of 20 text
  turns at once in one event loop, no socket (what the mock does per event: the
  protocol, the events, their encoding, the journal). The same program with no session
  is counted too and taken off, so start-up and imports do not count.
- ``standalone``: ``benchmarks._mock_serve`` (``mock``, then ``mock-standalone``: request
  log and observations) under httptools + uvloop runs under callgrind; the load
  generator warms it for 3 s, the counters are zeroed, ``--seconds`` of load follow
  and the counters are read. Everything the server process does counts, uvicorn and
  the request log's writer thread included. Under callgrind the server answers a few
  hundred requests a second, so costs paid per wake-up of a timer (the log's writer
  runs every 50 ms) weigh more per request than at full speed, and the collector runs
  less often.

Instructions are not time (cache misses and the like are not counted), and a live
server's count moves with its rate too (fewer requests per turn of the event loop
cost more each): compare the two apps of one run, on an otherwise idle machine. The
in-process count moves only when the code does; it measures another checkout's
package when that package comes first on ``PYTHONPATH``. Needs ``valgrind``
(Debian's package). Measures only.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ROOT = Path(__file__).resolve().parent.parent
TURN = json.dumps({"type": "response.create", "response": {"output_modalities": ["text"]}})
_SCOPE: dict[str, Any] = {
    "type": "websocket",
    "path": "/v1/realtime",
    "raw_path": b"/v1/realtime",
    "query_string": b"model=gpt-realtime",
    "headers": [(b"host", b"127.0.0.1"), (b"authorization", b"Bearer sk-bench")],
    "scheme": "ws",
    "server": ("127.0.0.1", 8000),
    "client": ("127.0.0.1", 5000),
    "asgi": {"version": "3.0"},
    "subprotocols": [],
    "root_path": "",
}


async def _session(app: Any, turns: int) -> int:
    """One Realtime session through ``app``: ``turns`` text turns; the events it got."""
    inbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    inbox.put_nowait({"type": "websocket.connect"})
    counts = {"turns": 0, "events": 0}

    def ask() -> None:
        if counts["turns"] < turns:
            counts["turns"] += 1
            inbox.put_nowait({"type": "websocket.receive", "text": TURN})
        else:
            inbox.put_nowait({"type": "websocket.disconnect", "code": 1000})

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "websocket.accept":
            ask()
        elif message["type"] == "websocket.send":
            counts["events"] += 1
            if '"rate_limits.updated"' in message["text"][:40]:
                ask()

    scope = {**_SCOPE, "extensions": {"websocket.http.response": {}}, "state": {}}
    await app(scope, inbox.get, send)
    return counts["events"]


def realtime_events(sessions: int, turns: int = 20) -> int:
    """Drive ``sessions`` sessions at once through a fresh mock's app; the events sent."""
    from openai_kit.mockserver import MockServer

    app = MockServer(seed=0).app

    async def run(count: int) -> int:
        return sum(await asyncio.gather(*(_session(app, turns) for _ in range(count))))

    asyncio.run(run(2))  # warm: caches, first-use imports
    return asyncio.run(run(sessions)) if sessions else 0


def _callgrind(command: list[str], **options: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
        capture_output=True,
        text=True,
        check=True,
        **options,
    )


def _collected(stderr: str) -> int:
    match = re.search(r"Collected\s*:\s*(\d+)", stderr)
    if match is None:
        raise RuntimeError(f"callgrind reported no total:\n{stderr[-2000:]}")
    return int(match.group(1))


def realtime(sessions: int) -> dict[str, float]:
    """Instructions per Realtime text event, in process."""
    me = [sys.executable, str(Path(__file__).resolve()), "_realtime"]
    empty = _callgrind([*me, "0"], cwd=ROOT)
    full = _callgrind([*me, str(sessions)], cwd=ROOT)
    events = int(full.stdout.split()[-1])
    spent = _collected(full.stderr) - _collected(empty.stderr)
    return {"events": events, "per_event": spent / events}


def _load(port: int, stream: bool, seconds: float) -> dict[str, Any]:
    from benchmarks._mock_live import AUTH_HEADER, CHAT_PATH
    from benchmarks._mock_payloads import request_body

    command = [
        *(sys.executable, "-m", "benchmarks.loadgen", "--port", str(port), "--path", CHAT_PATH),
        *("--body", request_body(stream=stream).decode()),
        *("--header", f"{AUTH_HEADER[0]}: {AUTH_HEADER[1]}", "--connections", "8"),
        *("--warmup", "0", "--duration", str(seconds)),
    ]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def served(app: str, fixtures: Path, stream: bool, seconds: float) -> dict[str, float]:
    """Instructions per request of one live server (``benchmarks._mock_serve --app``)."""
    out = fixtures / f"callgrind-{app}.out"
    command = [
        *("valgrind", "--tool=callgrind", f"--callgrind-out-file={out}"),
        *(sys.executable, "-m", "benchmarks._mock_serve", "--app", app),
        *("--fixtures", str(fixtures), "--loop", "uvloop", "--http", "httptools"),
        *("--lifetime", "600"),
    ]
    proc = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    try:
        assert proc.stdout is not None
        port = next(int(line.split()[1]) for line in proc.stdout if line.startswith("READY"))
        _load(port, stream, 3)  # warm the server
        subprocess.run(
            ["callgrind_control", "--zero", str(proc.pid)], check=True, capture_output=True
        )
        result = _load(port, stream, seconds)
        subprocess.run(
            ["callgrind_control", "--dump", str(proc.pid)], check=True, capture_output=True
        )
    finally:
        proc.terminate()
        proc.wait(60)
    dump = next(
        path for path in sorted(fixtures.glob(out.name + ".*")) if path.suffix[1:].isdigit()
    )
    match = re.search(r"^(?:summary|totals):\s+(\d+)", dump.read_text(errors="replace"), re.M)
    if match is None:
        raise RuntimeError(f"no total in {dump}")
    requests = int(result["total_requests"])
    return {"requests": requests, "per_request": int(match.group(1)) / requests}


def standalone(stream: bool, seconds: float) -> list[str]:
    from benchmarks._mock_payloads import capture_answers

    with tempfile.TemporaryDirectory(prefix="openai-kit-instructions-") as folder:
        fixtures = Path(folder)
        capture_answers().write(fixtures)
        bare = served("mock", fixtures, stream, seconds)
        cli = served("mock-standalone", fixtures, stream, seconds)
    kind = "streamed chat completion" if stream else "chat completion"
    return [
        "| answer | bare mock app, instructions/request | as the CLI serves it | cost |",
        "|---|---|---|---|",
        f"| {kind} | {bare['per_request']:,.0f} ({bare['requests']:,.0f} requests)"
        f" | {cli['per_request']:,.0f} ({cli['requests']:,.0f} requests)"
        f" | {cli['per_request'] / bare['per_request'] - 1:+.1%} |",
    ]


def main() -> None:
    if sys.argv[1:2] == ["_realtime"]:  # the counted program
        print(realtime_events(int(sys.argv[2])))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=["realtime", "standalone"])
    parser.add_argument("--sessions", type=int, default=40, help="realtime: sessions at once")
    parser.add_argument("--seconds", type=float, default=15, help="standalone: counted load")
    parser.add_argument("--stream", action="store_true", help="standalone: streamed answers")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed (Debian: apt-get install valgrind)")
    os.environ.setdefault("PYTHONHASHSEED", "0")  # the same dict layouts from run to run
    if args.what == "realtime":
        result = realtime(args.sessions)
        print(f"{result['per_event']:,.0f} instructions per Realtime text event"
              f" ({result['events']:,} events, {args.sessions} sessions of 20 turns)")  # fmt: skip
    else:
        print("\n".join(standalone(args.stream, args.seconds)))


if __name__ == "__main__":
    main()
