"""``client.webhooks`` (verify_signature, unwrap, build_test_event) and ``openai_kit.lib.webhooks``.

Signatures are the Standard Webhooks scheme: ``v1,<base64 HMAC-SHA256 of
"{id}.{timestamp}.{body}">``, keyed by the secret (base64-decoded after ``whsec_``).
Every expected signature below is computed here from that definition, so the tests
check the scheme and not the implementation against itself.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from typing import Any

import httpx
import pytest

from openai_kit import AsyncOpenAI, InvalidWebhookSignatureError, OpenAI
from openai_kit.lib.webhooks import build_test_event, event_types, sign_webhook
from openai_kit.types.webhooks import (
    BatchCompletedWebhookEvent,
    EvalRunFailedWebhookEvent,
    ResponseCompletedWebhookEvent,
)

KEY = b"0123456789abcdef0123456789abcdef"
SECRET = "whsec_" + base64.b64encode(KEY).decode()
WEBHOOK_ID = "wh_685342e6c53c8190a1be43f081506c52"
PAYLOAD = json.dumps(
    {
        "id": "evt_685343a1381c819085d44c354e1b330e",
        "object": "event",
        "created_at": 1750287018,
        "type": "batch.completed",
        "data": {"id": "batch_abc123"},
    }
)


def _signature(key: bytes, webhook_id: str, timestamp: int, body: str) -> str:
    digest = hmac.new(key, f"{webhook_id}.{timestamp}.{body}".encode(), hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def _headers(*, timestamp: int | None = None, signature: str | None = None) -> dict[str, str]:
    sent_at = int(time.time()) if timestamp is None else timestamp
    return {
        "webhook-id": WEBHOOK_ID,
        "webhook-timestamp": str(sent_at),
        "webhook-signature": signature or _signature(KEY, WEBHOOK_ID, sent_at, PAYLOAD),
    }


@pytest.fixture(params=["sync", "async"])
def client(request: pytest.FixtureRequest) -> OpenAI | AsyncOpenAI:
    cls = OpenAI if request.param == "sync" else AsyncOpenAI
    return cls(api_key="sk-test", webhook_secret=SECRET)


def test_unwrap_checks_the_signature_and_types_the_event(client: OpenAI | AsyncOpenAI) -> None:
    event = client.webhooks.unwrap(PAYLOAD, _headers())
    assert isinstance(event, BatchCompletedWebhookEvent)
    assert event.data.id == "batch_abc123"
    assert event.created_at == 1750287018
    client.webhooks.verify_signature(PAYLOAD.encode(), _headers())  # bytes too


def test_a_wrong_signature_is_refused(client: OpenAI | AsyncOpenAI) -> None:
    now = int(time.time())
    forged = _signature(b"another key", WEBHOOK_ID, now, PAYLOAD)
    with pytest.raises(InvalidWebhookSignatureError, match="does not match the expected"):
        client.webhooks.unwrap(PAYLOAD, _headers(timestamp=now, signature=forged))
    tampered = PAYLOAD.replace("batch_abc123", "batch_evil")
    with pytest.raises(InvalidWebhookSignatureError):
        client.webhooks.verify_signature(tampered, _headers(timestamp=now))
    assert issubclass(InvalidWebhookSignatureError, ValueError)


def test_any_of_several_signatures_may_match(client: OpenAI | AsyncOpenAI) -> None:
    now = int(time.time())
    good = _signature(KEY, WEBHOOK_ID, now, PAYLOAD)
    old_key = _signature(b"rotated out", WEBHOOK_ID, now, PAYLOAD)
    header = f"{old_key} v1a,ignored {good}"
    client.webhooks.verify_signature(PAYLOAD, _headers(timestamp=now, signature=header))
    only_other_versions = f"v1a,{good[3:]} {old_key}"
    with pytest.raises(InvalidWebhookSignatureError):
        client.webhooks.verify_signature(
            PAYLOAD, _headers(timestamp=now, signature=only_other_versions)
        )


@pytest.mark.parametrize(
    ("offset", "message"),
    [(-301, "too old"), (301, "too new")],
)
def test_timestamps_outside_five_minutes_are_refused(
    client: OpenAI | AsyncOpenAI, offset: int, message: str
) -> None:
    sent_at = int(time.time()) + offset
    with pytest.raises(InvalidWebhookSignatureError, match=f"Webhook timestamp is {message}"):
        client.webhooks.verify_signature(PAYLOAD, _headers(timestamp=sent_at))
    # within the tolerance (or a wider one) the same signature passes
    client.webhooks.verify_signature(PAYLOAD, _headers(timestamp=sent_at), tolerance=400)
    client.webhooks.verify_signature(PAYLOAD, _headers(timestamp=int(time.time()) - 299))


def test_a_timestamp_that_is_no_number_is_refused(client: OpenAI | AsyncOpenAI) -> None:
    headers = {**_headers(), "webhook-timestamp": "yesterday"}
    with pytest.raises(InvalidWebhookSignatureError, match="Invalid webhook timestamp format"):
        client.webhooks.verify_signature(PAYLOAD, headers)


@pytest.mark.parametrize("missing", ["webhook-id", "webhook-timestamp", "webhook-signature"])
def test_a_missing_header_is_named(client: OpenAI | AsyncOpenAI, missing: str) -> None:
    headers = {k: v for k, v in _headers().items() if k != missing}
    with pytest.raises(ValueError, match=f"Could not find {missing} header") as caught:
        client.webhooks.unwrap(PAYLOAD, headers)
    assert not isinstance(caught.value, InvalidWebhookSignatureError)


def test_header_names_are_matched_whatever_their_case(client: OpenAI | AsyncOpenAI) -> None:
    headers = {name.upper(): value for name, value in _headers().items()}
    client.webhooks.verify_signature(PAYLOAD, headers)
    client.webhooks.verify_signature(PAYLOAD, httpx.Headers(_headers()))


def test_a_secret_without_whsec_prefix_is_used_as_bytes() -> None:
    plain = "my-plain-secret"
    client = OpenAI(api_key="sk-test")
    now = int(time.time())
    signature = _signature(plain.encode(), WEBHOOK_ID, now, PAYLOAD)
    client.webhooks.verify_signature(
        PAYLOAD, _headers(timestamp=now, signature=signature), secret=plain
    )
    # whsec_ decoding is what makes the real secret work: its text as bytes does not
    wrong = _signature(SECRET.encode(), WEBHOOK_ID, now, PAYLOAD)
    with pytest.raises(InvalidWebhookSignatureError):
        client.webhooks.verify_signature(
            PAYLOAD, _headers(timestamp=now, signature=wrong), secret=SECRET
        )


def test_secret_sources_argument_then_client_then_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    headers = _headers()
    without = OpenAI(api_key="sk-test")
    with pytest.raises(ValueError, match="OPENAI_WEBHOOK_SECRET"):
        without.webhooks.verify_signature(PAYLOAD, headers)
    without.webhooks.verify_signature(PAYLOAD, headers, secret=SECRET)  # the argument

    wrong_client = OpenAI(api_key="sk-test", webhook_secret="whsec_" + "A" * 44)
    with pytest.raises(InvalidWebhookSignatureError):
        wrong_client.webhooks.verify_signature(PAYLOAD, headers)  # the client's, wrong here
    wrong_client.webhooks.verify_signature(PAYLOAD, headers, secret=SECRET)  # argument first

    monkeypatch.setenv("OPENAI_WEBHOOK_SECRET", SECRET)
    OpenAI(api_key="sk-test").webhooks.verify_signature(PAYLOAD, headers)  # read at construction
    without.webhooks.verify_signature(PAYLOAD, headers)  # and at call time


def test_a_broken_whsec_secret_is_a_clear_error(client: OpenAI | AsyncOpenAI) -> None:
    with pytest.raises(ValueError, match="base64 after the prefix"):
        client.webhooks.verify_signature(PAYLOAD, _headers(), secret="whsec_not*base64")


# -- building signed test events ------------------------------------------------------------


def test_a_built_event_unwraps_through_the_client(client: OpenAI | AsyncOpenAI) -> None:
    signed = client.webhooks.build_test_event(
        "eval.run.failed", data={"id": "evalrun_1"}, event_id="evt_1", created_at=1750000000
    )
    assert set(signed.headers) == {"webhook-id", "webhook-timestamp", "webhook-signature"}
    assert json.loads(signed.payload) == {
        "id": "evt_1",
        "object": "event",
        "created_at": 1750000000,
        "type": "eval.run.failed",
        "data": {"id": "evalrun_1"},
    }
    sent_at = int(signed.headers["webhook-timestamp"])
    assert abs(sent_at - time.time()) < 60
    expected = _signature(KEY, signed.headers["webhook-id"], sent_at, signed.payload)
    assert signed.headers["webhook-signature"] == expected
    event = client.webhooks.unwrap(signed.payload, signed.headers)
    assert isinstance(event, EvalRunFailedWebhookEvent)
    assert event.data.id == "evalrun_1"


@pytest.mark.parametrize("event_type", event_types())
def test_every_event_type_of_the_spec_round_trips(event_type: str) -> None:
    data: dict[str, Any] = {"id": "obj_1"}
    if event_type.endswith("call.incoming"):
        data = {"call_id": "rtc_1", "sip_headers": [{"name": "From", "value": "sip:a@b"}]}
        if event_type.startswith("live."):
            data["session_id"] = "sess_1"
    signed = build_test_event(event_type, data=data, secret=SECRET)
    event = OpenAI(api_key="sk-test", webhook_secret=SECRET).webhooks.unwrap(
        signed.payload, signed.headers
    )
    assert event.type == event_type


def test_the_event_types_are_the_spec_webhooks() -> None:
    types = event_types()
    assert len(types) == len(set(types)) == 16
    assert {"batch.completed", "fine_tuning.job.succeeded", "response.incomplete"} <= set(types)


def test_bad_test_events_are_refused() -> None:
    with pytest.raises(ValueError, match=r"Unknown webhook event type 'batch\.done'"):
        build_test_event("batch.done", data={"id": "b"}, secret=SECRET)
    with pytest.raises(ValueError, match=r"does not fit a 'batch\.completed' event"):
        build_test_event("batch.completed", data={"identifier": "b"}, secret=SECRET)


def test_sign_webhook_takes_any_payload_and_fixed_ids() -> None:
    body = {"id": "evt_2", "object": "event", "created_at": 1, "type": "response.completed",
            "data": {"id": "resp_1"}}  # fmt: skip
    signed = sign_webhook(body, secret=SECRET, webhook_id="wh_fixed", timestamp=1750000000)
    assert signed.headers["webhook-id"] == "wh_fixed"
    assert signed.headers["webhook-timestamp"] == "1750000000"
    assert signed.headers["webhook-signature"] == _signature(
        KEY, "wh_fixed", 1750000000, signed.payload
    )
    client = OpenAI(api_key="sk-test", webhook_secret=SECRET)
    with pytest.raises(InvalidWebhookSignatureError, match="too old"):
        client.webhooks.unwrap(signed.payload, signed.headers)
    fresh = sign_webhook(signed.payload.encode(), secret=SECRET)
    assert isinstance(
        client.webhooks.unwrap(fresh.payload, fresh.headers), ResponseCompletedWebhookEvent
    )


def test_the_official_package_accepts_built_events() -> None:
    openai = pytest.importorskip("openai")
    signed = build_test_event("batch.expired", data={"id": "batch_9"}, secret=SECRET)
    official = openai.OpenAI(api_key="sk-test", webhook_secret=SECRET)
    event = official.webhooks.unwrap(signed.payload, signed.headers)
    assert event.type == "batch.expired"
    assert event.data.id == "batch_9"
