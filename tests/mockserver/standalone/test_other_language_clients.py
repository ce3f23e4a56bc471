"""A client in another language (curl, Node) records through the proxy and replays from cassettes."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from openai_kit.mockserver import MockServer
from tests.mockserver.standalone.cli import running

KEY = "sk-proj-othercl1entkey0123456789"
BODY = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "From another language"}]}
NODE_SCRIPT = """
const [base, key, body] = process.argv.slice(1);
const headers = {"content-type": "application/json", "authorization": `Bearer ${key}`};
(async () => {
  const plain = await (await fetch(`${base}/v1/chat/completions`, {method: "POST", headers, body})).json();
  const streamed = await fetch(`${base}/v1/chat/completions`, {
    method: "POST", headers, body: JSON.stringify({...JSON.parse(body), stream: true}),
  });
  const text = await streamed.text();
  console.log(JSON.stringify({plain, events: text.split("\\n\\n").filter(Boolean)}));
})();
"""


def _curl(base: str) -> dict[str, object]:
    def post(body: dict[str, object]) -> str:
        return subprocess.run(
            [
                "curl",
                "-sS",
                "--noproxy",
                "*",
                "--fail-with-body",
                "-N",
                f"{base}/v1/chat/completions",
                "-H",
                "content-type: application/json",
                "-H",
                f"authorization: Bearer {KEY}",
                "-d",
                json.dumps(body),
            ],
            capture_output=True,
            text=True,
            check=True,
            timeout=30,
        ).stdout

    events = post({**BODY, "stream": True}).split("\n\n")
    return {"plain": json.loads(post(BODY)), "events": [e for e in events if e]}


def _node(base: str) -> dict[str, object]:
    out = subprocess.run(
        ["node", "-e", NODE_SCRIPT, base, KEY, json.dumps(BODY)],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    ).stdout
    result: dict[str, object] = json.loads(out)
    return result


CLIENTS = {"curl": _curl, "node": _node}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(CLIENTS))
def test_records_through_the_proxy_and_replays(name: str, tmp_path: Path) -> None:
    if shutil.which(name) is None:
        pytest.skip(f"{name} is not installed")
    client = CLIENTS[name]
    upstream = MockServer(seed=11)
    with (
        upstream.live() as upstream_url,
        running("--record-to", str(tmp_path), "--upstream", upstream_url, "--quiet") as proxy,
    ):
        recorded = client(proxy.url)
    assert len(upstream.requests) == 2
    cassette = next(tmp_path.glob("recorded-*.yaml")).read_text()
    assert KEY not in cassette
    with running("--cassettes", str(tmp_path), "--seed", "12", "--quiet") as replay:
        replayed = client(replay.url)
    assert replayed == recorded
    assert len(recorded["events"]) > 3  # type: ignore[arg-type]
