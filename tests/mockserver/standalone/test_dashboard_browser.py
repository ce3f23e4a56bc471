"""The dashboard in a real headless browser (Debian's chromium driven by Playwright).

Requests a client makes appear live, opening one shows its body, a fault
added from the page fails the next request, and advancing the clock from the
page completes a background response. Each test saves a screenshot of its
view in ``.screenshots/`` (not committed).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import openai
import pytest

from openai_kit.mockserver import MockServer
from tests.mockserver.conftest import AUTH

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

ROOT = Path(__file__).resolve().parents[3]
SHOTS = ROOT / ".screenshots"
CHAT = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Hello dashboard"}]}
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def _browser_path() -> str | None:
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    executable = _browser_path()
    if executable is None:
        pytest.skip(
            "no chromium on PATH: python3 scripts/dev.py test installs Debian's chromium when run "
            "as root; otherwise apt-get install chromium"
        )
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=executable, args=["--no-sandbox", "--disable-gpu"]
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1440, "height": 900})  # type: ignore[attr-defined]
    opened = context.new_page()
    yield opened
    context.close()


def shoot(page: object, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))  # type: ignore[attr-defined]


def test_requests_appear_live_and_open(page: object) -> None:
    mock = MockServer(seed=3)
    with mock.live() as url, httpx.Client(base_url=url, headers=AUTH) as client:
        page.goto(f"{url}/_mock/")  # type: ignore[attr-defined]
        expect = sync_api.expect
        expect(page.locator("#empty")).to_be_visible()  # type: ignore[attr-defined]
        client.post("/v1/chat/completions", json=CHAT)
        client.post("/v1/chat/completions", json={**CHAT, "stream": True})
        client.post("/v1/embeddings", json={"model": "text-embedding-3-small", "input": "hi"})
        client.get("/v1/models/nope")
        rows = page.locator("#requests tbody tr")  # type: ignore[attr-defined]
        expect(rows).to_have_count(4, timeout=10_000)  # no reload: the page polls
        expect(rows.first).to_contain_text("GET /v1/models/nope")
        expect(rows.first).to_contain_text("404")
        chats = rows.filter(has_text="POST /v1/chat/completions")
        chats.filter(has_not_text="events").click()
        detail = page.locator("#detail")  # type: ignore[attr-defined]
        expect(detail).to_contain_text("Hello dashboard")
        expect(detail).to_contain_text("Bearer <redacted>")
        expect(detail).to_contain_text('"object": "chat.completion"')
        chats.filter(has_text="events").click()
        expect(detail).to_contain_text("Stream:")
        expect(detail.locator("ol.events li").first).to_contain_text("chat.completion.chunk")
        shoot(page, "requests")
        page.select_option("#filter-status", "4xx")  # type: ignore[attr-defined]
        expect(rows).to_have_count(1)
        page.select_option("#filter-status", "")  # type: ignore[attr-defined]
        page.select_option("#filter-operation", "embeddings.create")  # type: ignore[attr-defined]
        expect(rows).to_have_count(1)
        expect(rows.first).to_contain_text("/v1/embeddings")


def test_a_fault_added_on_the_page_fails_the_next_request(page: object) -> None:
    mock = MockServer(seed=3)
    with mock.live() as url, httpx.Client(base_url=url, headers=AUTH) as client:
        page.goto(f"{url}/_mock/")  # type: ignore[attr-defined]
        page.click("nav button[data-tab=faults]")  # type: ignore[attr-defined]
        page.fill(  # type: ignore[attr-defined]
            "#fault-json", '{"fault": {"kind": "status", "status": 503}, "times": 1}'
        )
        page.click("#add-fault")  # type: ignore[attr-defined]
        sync_api.expect(page.locator("#fault-list li")).to_contain_text('"status": 503')  # type: ignore[attr-defined]
        shoot(page, "faults")
        assert client.post("/v1/chat/completions", json=CHAT).status_code == 503
        assert client.post("/v1/chat/completions", json=CHAT).status_code == 200
        page.click("nav button[data-tab=requests]")  # type: ignore[attr-defined]
        faulted = page.locator('#requests tr[data-seq="1"]')  # type: ignore[attr-defined]
        sync_api.expect(faulted).to_contain_text("fault status")


def test_advancing_the_clock_on_the_page_completes_a_background_response(page: object) -> None:
    mock = MockServer(seed=3)
    with mock.live() as url:
        client = openai.OpenAI(api_key="sk-test", base_url=f"{url}/v1")
        created = client.responses.create(
            model="gpt-4o-mini", input="Take your time", background=True
        )
        assert created.status == "queued"
        page.goto(f"{url}/_mock/")  # type: ignore[attr-defined]
        page.click("nav button[data-tab=state]")  # type: ignore[attr-defined]
        area = page.locator('.area[data-area="responses"]')  # type: ignore[attr-defined]
        sync_api.expect(area).to_contain_text(created.id)
        page.fill("#clock-advance", "3600")  # type: ignore[attr-defined]
        page.click("#advance-btn")  # type: ignore[attr-defined]
        sync_api.expect(page.locator("#clock-now")).to_contain_text("+3600")  # type: ignore[attr-defined]
        sync_api.expect(area).to_contain_text("completed")
        shoot(page, "state")
        assert client.responses.retrieve(created.id).status == "completed"
        client.close()


def test_the_page_needs_the_admin_token_when_one_is_set(page: object) -> None:
    from openai_kit.mockserver._live import serve_in_thread
    from openai_kit.mockserver._standalone import StandaloneApp

    mock = MockServer(admin_token="let-me-in")
    with serve_in_thread(StandaloneApp(mock)) as url:
        assert httpx.get(f"{url}/_mock/").status_code == 401
        page.goto(f"{url}/_mock/?token=let-me-in")  # type: ignore[attr-defined]
        httpx.post(f"{url}/v1/chat/completions", json=CHAT, headers=AUTH)
        rows = page.locator("#requests tbody tr")  # type: ignore[attr-defined]
        sync_api.expect(rows).to_have_count(1, timeout=10_000)
        sync_api.expect(page.locator("#error")).to_be_hidden()  # type: ignore[attr-defined]
