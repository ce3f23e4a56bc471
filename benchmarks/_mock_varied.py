"""The load generator with a different request body every time: no two requests alike.

    python -m benchmarks._mock_varied --port 8000 --body '{"messages": [... "#{n}" ...]}' ...

Same options and output as ``benchmarks/loadgen.py``; the body is a template
whose ``{n}`` is replaced by a counter on every send (one counter for all
connections), so each request asks something new. The mock memoizes the
plan of a request it has answered before; against a body that never repeats
every request misses that memo and pays for generating its answer.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import sys
from collections.abc import Sequence
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import loadgen

__all__ = ["MARK", "VariedRequests", "main"]

MARK = b"{n}"


class VariedRequests:
    """Whole HTTP requests from a body template, each with the next number in place of ``{n}``."""

    def __init__(
        self,
        host: str,
        port: int,
        path: str,
        template: bytes,
        headers: Sequence[tuple[str, str]] = (),
    ) -> None:
        if template.count(MARK) != 1:
            raise ValueError("the body template must hold '{n}' exactly once")
        self._head, self._tail = template.split(MARK)
        self._where = (host, port, path, tuple(headers))
        self._counter = itertools.count()

    def next(self) -> bytes:
        host, port, path, headers = self._where
        body = b"%s%d%s" % (self._head, next(self._counter), self._tail)
        return loadgen.build_request(host, port, path, body, headers)


def _connection_class(requests: VariedRequests) -> type[loadgen._Connection]:
    class VariedConnection(loadgen._Connection):
        def send(self) -> None:
            self._request = requests.next()
            super().send()

    return VariedConnection


def main(argv: Sequence[str] | None = None) -> int:
    args = loadgen.parse_args(sys.argv[1:] if argv is None else argv)
    if args.cpu is not None:
        os.sched_setaffinity(0, {args.cpu})
    requests = VariedRequests(args.host, args.port, args.path, args.body.encode(), args.header)
    spec = loadgen.LoadSpec(
        host=args.host,
        port=args.port,
        request=requests.next(),
        connections=args.connections,
        warmup=args.warmup,
        duration=args.duration,
        stream=args.stream,
        max_requests=args.max_requests,
        watch_pid=args.watch_pid,
    )
    # run_load builds its connections from the module's class: this process only
    loadgen._Connection = _connection_class(requests)  # type: ignore[misc]
    with asyncio.Runner(loop_factory=loadgen.loop_factory(args.loop)) as runner:
        result = runner.run(loadgen.run_load(spec))
    print(result.to_json(), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
