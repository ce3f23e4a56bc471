"""When to retry and how long to wait: pure functions, shared by sync and async clients."""

from __future__ import annotations

import email.utils
import random
import time

import httpx

__all__ = ["INITIAL_RETRY_DELAY", "MAX_RETRY_DELAY", "retry_delay", "should_retry"]

INITIAL_RETRY_DELAY = 0.5
MAX_RETRY_DELAY = 8.0
#: A server-requested wait above this is ignored in favour of normal back-off.
MAX_RETRY_AFTER = 60.0

_RETRYABLE = frozenset({408, 409, 429})


def should_retry(response: httpx.Response) -> bool:
    """Whether a failed response deserves another attempt.

    The server's ``x-should-retry`` header decides when present; otherwise
    408, 409, 429 and every 5xx are worth retrying.
    """
    verdict = response.headers.get("x-should-retry")
    if verdict == "true":
        return True
    if verdict == "false":
        return False
    status = response.status_code
    return status in _RETRYABLE or status >= 500


def retry_after(headers: httpx.Headers | None) -> float | None:
    """The wait the server asked for, in seconds, or None.

    ``retry-after-ms`` first, then ``retry-after`` as (fractional) seconds,
    then ``retry-after`` as an HTTP date.
    """
    if headers is None:
        return None
    value = headers.get("retry-after-ms")
    if value is not None:
        try:
            return float(value) / 1000
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        pass
    parsed = email.utils.parsedate_tz(value)
    if parsed is None:
        return None
    return email.utils.mktime_tz(parsed) - time.time()


def retry_delay(retries_taken: int, headers: httpx.Headers | None = None) -> float:
    """Seconds to wait before the next attempt.

    A server-requested wait between 0 and 60 s is obeyed; otherwise
    exponential back-off, 0.5 s doubling to at most 8 s, less up to 25% jitter.
    """
    asked = retry_after(headers)
    if asked is not None and 0 < asked <= MAX_RETRY_AFTER:
        return asked
    delay = min(INITIAL_RETRY_DELAY * 2.0 ** min(retries_taken, 32), MAX_RETRY_DELAY)
    return delay * (1 - 0.25 * random.random())
