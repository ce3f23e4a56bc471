"""The SDP answer to a WebRTC offer: one media section per offered one, loopback candidates."""

from __future__ import annotations

from openai_kit.mockserver._ids import alnum_id, hex_id

__all__ = ["answer_sdp"]


def _media(offer: str) -> list[tuple[str, str]]:
    """``(kind, mid)`` of each ``m=`` section of the offer (audio and a data channel by default)."""
    sections: list[tuple[str, str]] = []
    for line in offer.splitlines():
        line = line.strip()
        if line.startswith("m="):
            sections.append((line[2:].split(" ", 1)[0], str(len(sections))))
        elif line.startswith("a=mid:") and sections:
            sections[-1] = (sections[-1][0], line[6:])
    return sections or [("audio", "0"), ("application", "1")]


def answer_sdp(seed: int, call_id: str, offer: str) -> str:
    """A deterministic SDP answer for ``offer`` (CRLF lines, as SDP is written)."""
    digest = hex_id(seed, "realtime.sdp." + call_id, 0, 64).upper()
    fingerprint = ":".join(digest[i : i + 2] for i in range(0, 64, 2))
    ufrag = alnum_id(seed, "realtime.ufrag." + call_id, 0, 12)
    pwd = alnum_id(seed, "realtime.pwd." + call_id, 0, 24)
    session = int(digest[:8], 16)
    media = _media(offer)
    lines = [
        "v=0",
        f"o=- {session} {session} IN IP4 127.0.0.1",
        "s=-",
        "c=IN IP4 127.0.0.1",
        "t=0 0",
        "a=group:BUNDLE " + " ".join(mid for _, mid in media),
        "a=msid-semantic:WMS *",
        f"a=fingerprint:sha-256 {fingerprint}",
    ]
    for kind, mid in media:
        if kind == "application":
            lines += [
                "m=application 9 UDP/DTLS/SCTP webrtc-datachannel",
                f"a=mid:{mid}",
                "a=sctp-port:5000",
            ]
            continue
        lines += [
            f"m={kind} 9 UDP/TLS/RTP/SAVPF 111 0 8",
            f"a=mid:{mid}",
            f"a=ice-ufrag:{ufrag}",
            f"a=ice-pwd:{pwd}",
            "a=setup:active",
            "a=rtcp-mux",
            "a=rtpmap:111 opus/48000/2",
            f"a=candidate:1 1 udp 2130706431 127.0.0.1 3478 typ host ufrag {ufrag}",
        ]
    return "\r\n".join(lines) + "\r\n"
