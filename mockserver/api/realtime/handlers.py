"""The Realtime HTTP operations: client secrets and calls (create with SDP, accept, hangup,
refer, reject)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Final

from openai_kit.mockserver import _params as P
from openai_kit.mockserver._auth import bearer_credential
from openai_kit.mockserver._call import BytesReply, Call, JSONReply, Reply
from openai_kit.mockserver._ids import alnum_id
from openai_kit.mockserver._multipart import FormFile, parse_form
from openai_kit.mockserver.api.realtime.answer_sdp import answer_sdp
from openai_kit.mockserver.api.realtime.session_config import default_session, merge_session
from openai_kit.mockserver.api.realtime.store import LIVE_CALL_STATES, RealtimeStore

if TYPE_CHECKING:
    from openai_kit.mockserver._core import ServerCore

__all__ = [
    "calls_accept",
    "calls_create",
    "calls_hangup",
    "calls_refer",
    "calls_reject",
    "client_secrets_create",
    "new_session",
]

DEFAULT_MODEL: Final = "gpt-realtime"
_SESSION_TTL: Final = 3600


def new_session(
    core: ServerCore, store: RealtimeStore, given: Any, param: str = "session"
) -> dict[str, Any]:
    """A session object from a client's configuration (checked), as the API shows it."""
    config = P.check_object(param, {"type": "realtime"} if given is None else given)
    number = store.next_number()
    session_id = "sess_" + alnum_id(core.seed, "realtime.session", number, 21)
    base = default_session(session_id, str(config.get("model") or DEFAULT_MODEL), 0)
    return merge_session(base, config, voice_locked=False)


def client_secrets_create(core: ServerCore, call: Call) -> Reply:
    body = call.json
    P.check_unknown_parameters(body, ("expires_after", "session"))
    seconds = 600
    if "expires_after" in body:
        expires = P.check_object("expires_after", body["expires_after"])
        P.check_nested_keys("expires_after", expires, ("anchor", "seconds"))
        if "anchor" in expires:
            P.check_enum("expires_after.anchor", expires["anchor"], ("created_at",))
        if "seconds" in expires:
            P.check_integer("expires_after.seconds", expires["seconds"], 10, 7200)
            seconds = expires["seconds"]
    store = core.state.get(RealtimeStore)
    session = new_session(core, store, body.get("session"))
    return JSONReply(store.add_secret(session, seconds))


def _sdp_and_session(call: Call) -> tuple[str, Any]:
    content_type = call.headers.get("content-type", "")
    if content_type.startswith("application/sdp"):
        return call.body.decode("utf-8", "replace"), None
    if not content_type.startswith("multipart/form-data"):
        P.invalid_request(
            "Expected an SDP offer (application/sdp or multipart/form-data).", None, "invalid_value"
        )
    form = parse_form(content_type, call.body)
    call.entry.form = {k: v.filename if isinstance(v, FormFile) else v for k, v in form.items()}
    sdp = form.get("sdp")
    if sdp is None:
        P.missing("sdp")
    text = sdp.data.decode("utf-8", "replace") if isinstance(sdp, FormFile) else sdp
    raw = form.get("session")
    if raw is None:
        return text, None
    raw_text = raw.data.decode() if isinstance(raw, FormFile) else raw
    try:
        return text, json.loads(raw_text)
    except ValueError:
        P.invalid_request("Invalid 'session': expected a JSON object.", "session", "invalid_json")


def calls_create(core: ServerCore, call: Call) -> Reply:
    sdp, given = _sdp_and_session(call)
    if not sdp.lstrip().startswith("v=0"):
        P.invalid_request("Invalid SDP offer: it must start with 'v=0'.", "sdp", "invalid_offer")
    store = core.state.get(RealtimeStore)
    preset = None
    if given is None:  # a bare offer: the session is the one the client secret carries
        credential = bearer_credential(call.headers.get("authorization")) or ""
        preset = store.secret_session(credential)
    session = preset if preset is not None else new_session(core, store, given)
    created = store.add_call("active", session, sdp)
    headers = {"location": f"/v1/realtime/calls/{created['id']}"}
    return BytesReply(
        answer_sdp(core.seed, created["id"], sdp).encode(), "application/sdp", 201, headers
    )


def _empty() -> Reply:
    return BytesReply(b"", "application/json", 200)


def calls_accept(core: ServerCore, call: Call) -> Reply:
    call_id = call.path_params["call_id"]
    store = core.state.get(RealtimeStore)
    store.call(call_id)
    if not isinstance(call.json, dict) or "type" not in call.json:
        P.missing("type")
    session = new_session(core, store, call.json, "session")
    store.move_call(call_id, "accept", ("ringing",), "active", session=session)
    return _empty()


def calls_hangup(core: ServerCore, call: Call) -> Reply:
    core.state.get(RealtimeStore).move_call(
        call.path_params["call_id"], "hang up", LIVE_CALL_STATES, "ended"
    )
    return _empty()


def calls_refer(core: ServerCore, call: Call) -> Reply:
    body = call.json
    P.check_unknown_parameters(body, ("target_uri",))
    target = P.present(body, "target_uri", P.check_string)
    core.state.get(RealtimeStore).move_call(
        call.path_params["call_id"], "refer", ("active",), "referred", refer_to=target
    )
    return _empty()


def calls_reject(core: ServerCore, call: Call) -> Reply:
    body = _optional_json(call)
    P.check_unknown_parameters(body, ("status_code",))
    status = body.get("status_code", 603)
    P.check_integer("status_code", status, 400, 699)
    core.state.get(RealtimeStore).move_call(
        call.path_params["call_id"], "reject", ("ringing",), "rejected", sip_status=status
    )
    return _empty()


def _optional_json(call: Call) -> dict[str, Any]:
    if not call.body.strip():
        return {}
    try:
        parsed = json.loads(call.body)
    except ValueError:
        P.invalid_request("We could not parse the JSON body of your request.")
    return dict(P.check_object("body", parsed))
