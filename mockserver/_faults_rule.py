"""One installed fault rule: its filters, its counters, and how its options are checked.

:class:`FaultRule` is the handle ``mock.faults.add`` returns;
:func:`rule_options` checks every option of a rule completely before the
book installs anything. :class:`RequestFacts` is what rules match on, and
:class:`Decision` what the book tells the pipeline.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal

from openai_kit.mockserver import faults as F
from openai_kit.mockserver._definitions import check_integer
from openai_kit.mockserver._journal import REDACTED, SECRET_HEADERS, RecordedRequest
from openai_kit.mockserver._ratelimit import Limiter, Verdict

if TYPE_CHECKING:
    from openai_kit.mockserver._faults_book import FaultBook

__all__ = [
    "Decision",
    "FaultHit",
    "FaultRule",
    "Item",
    "RequestFacts",
    "RuleOptions",
    "addressed_deployment",
    "rule_options",
]

Item = F.Fault | None


@dataclass(frozen=True)
class RequestFacts:
    """What rules match on, for one request."""

    entry: RecordedRequest
    headers: Mapping[str, str]
    body: Any
    deployment_model: str | None
    api_key: str | None

    @property
    def body_model(self) -> str | None:
        if isinstance(self.body, dict) and isinstance(self.body.get("model"), str):
            return str(self.body["model"])
        return None

    @property
    def deployment(self) -> str | None:
        return addressed_deployment(self.entry, self.body)


def addressed_deployment(entry: RecordedRequest, body: object) -> str | None:
    """The Azure deployment a request addresses (path on classic routes, ``model`` on v1)."""
    if entry.style == "azure":
        return entry.deployment
    if entry.style == "azure_v1" and isinstance(body, dict) and isinstance(body.get("model"), str):
        return str(body["model"])
    return None


@dataclass(frozen=True)
class FaultHit:
    """One injected fault: the request, the fault, and the rule (None: the request's header)."""

    request: RecordedRequest
    fault: F.Fault
    rule: FaultRule | None


@dataclass(frozen=True)
class Decision:
    """What the pipeline does with a request.

    ``fault`` (if any) is the fault to inject; ``limited`` a rate-limit
    verdict that refused it; ``headers`` are rate-limit headers for the
    answer; ``record`` the journal's note.
    """

    fault: F.Fault | None = None
    limited: Verdict | None = None
    headers: dict[str, str] = field(default_factory=dict)
    record: dict[str, Any] | None = None


def _operations(value: object, known: frozenset[str]) -> tuple[str, ...] | None:
    if value is None:
        return None
    if isinstance(value, str):
        names: tuple[object, ...] = (value,)
    elif isinstance(value, list | tuple | set | frozenset):
        names = tuple(value)
    else:
        raise TypeError(f"operation must be a name or a list of names, not {type(value).__name__}")
    if not names:
        raise ValueError("operation must name at least one operation")
    out: list[str] = []
    for name in names:
        if not isinstance(name, str):
            raise TypeError(f"operation must be a string, not {type(name).__name__}")
        if name not in known:
            raise ValueError(
                f"unknown operation {name!r}; the mock serves: {', '.join(sorted(known))}"
            )
        out.append(name)
    return tuple(out)


def _header_filter(value: object) -> tuple[str, str | None] | None:
    if value is None:
        return None
    if isinstance(value, list):
        value = tuple(value)
    if isinstance(value, tuple):
        if len(value) != 2 or not all(isinstance(v, str) for v in value):
            raise TypeError("header must be 'name', 'name: value' or a (name, value) pair")
        name, wanted = value[0].strip().lower(), value[1].strip()
        result: tuple[str, str | None] = (name, wanted)
    elif isinstance(value, str):
        name, sep, rest = value.partition(":")
        name = name.strip().lower()
        result = (name, rest.strip() if sep else None)
    else:
        raise TypeError("header must be 'name', 'name: value' or a (name, value) pair")
    if not name or " " in name:
        raise ValueError(f"invalid header name in {value!r}")
    return result


def _optional_str(name: str, value: object) -> str | None:
    if value is not None and not isinstance(value, str):
        raise TypeError(f"{name} must be a string, not {type(value).__name__}")
    if value == "":
        raise ValueError(f"{name} must not be empty")
    return value


class FaultRule:
    """An installed fault and its filters; the handle ``mock.faults.add`` returns.

    ``calls`` counts the requests that matched its filters, ``uses`` the
    calls it answered (sequence items, ``None`` included), ``hits`` the
    faults it injected. ``remove()`` uninstalls it; ``with rule:`` does at
    the end of the block.
    """

    def __init__(self, book: FaultBook, number: int, options: RuleOptions) -> None:
        self._book = book
        self.number = number
        self.id = f"fault_{number}"
        faults = options.faults
        self.fault: F.Fault | None = None
        self.sequence: tuple[Item, ...] | None = None
        if isinstance(faults, F.Fault):
            self.fault = faults
        else:
            self.sequence = faults
        self.operation = options.operation
        self.model = options.model
        self.deployment = options.deployment
        self.header = options.header
        self.times = options.times
        self.after = options.after
        self.probability = options.probability
        self.keep_on_reset = options.keep_on_reset
        self.limiter: Limiter | None = None
        if isinstance(self.fault, F.RateLimitFault):
            self.limiter = Limiter(self.fault.rpm, self.fault.tpm, book.clock)
        self.calls = 0
        self.uses = 0
        self.hits = 0
        self.limited = 0
        self._rng = random.Random(f"{book.seed}:fault:{number}")

    # -- state -------------------------------------------------------------------

    @property
    def limit(self) -> int | None:
        """Calls it answers at most (None: unlimited)."""
        if self.times is not None:
            return self.times
        return None if self.sequence is None else len(self.sequence)

    @property
    def remaining(self) -> int | None:
        limit = self.limit
        return None if limit is None else max(0, limit - self.uses)

    @property
    def active(self) -> bool:
        """Still installed (not removed, not used up)."""
        return self._book._holds(self)

    def remove(self) -> bool:
        """Uninstall it; False when it was no longer installed."""
        return self._book.remove(self)

    def restart(self) -> None:
        """Counters, buckets and the random draws back to their start."""
        self.calls = self.uses = self.hits = self.limited = 0
        self._rng = random.Random(f"{self._book.seed}:fault:{self.number}")
        if self.limiter is not None:
            self.limiter.reset()

    def __enter__(self) -> FaultRule:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.remove()

    # -- matching ------------------------------------------------------------------

    def matches(self, facts: RequestFacts) -> bool:
        entry = facts.entry
        if self.operation is not None and entry.operation not in self.operation:
            return False
        if self.model is not None and self.model not in (
            facts.body_model,
            facts.deployment_model,
            entry.deployment,
        ):
            return False
        if self.deployment is not None and facts.deployment != self.deployment:
            return False
        if self.header is not None:
            name, wanted = self.header
            value = facts.headers.get(name)
            if value is None or (wanted is not None and value.strip() != wanted):
                return False
        return True

    def draw(self) -> Item | Literal[False]:
        """The item for a call that reached it, or False when it lets the call pass."""
        if self.calls <= self.after:
            return False
        limit = self.limit
        if limit is not None and self.uses >= limit:
            return False
        if self.probability < 1.0 and self._rng.random() >= self.probability:
            return False
        item = self.fault if self.sequence is None else self.sequence[self.uses]
        self.uses += 1
        return self.resolve(item)

    def resolve(self, item: Item) -> Item:
        if isinstance(item, F.OneOfFault):
            return self._rng.choice(item.faults)
        return item

    @property
    def used_up(self) -> bool:
        limit = self.limit
        return limit is not None and self.uses >= limit

    def to_json(self) -> dict[str, Any]:
        header = None
        if self.header is not None:
            name, wanted = self.header
            if wanted is not None and name in SECRET_HEADERS:
                wanted = REDACTED
            header = name if wanted is None else f"{name}: {wanted}"
        return {
            "id": self.id,
            "fault": None if self.fault is None else self.fault.to_json(),
            "sequence": None
            if self.sequence is None
            else [None if item is None else item.to_json() for item in self.sequence],
            "operation": None if self.operation is None else list(self.operation),
            "model": self.model,
            "deployment": self.deployment,
            "header": header,
            "times": self.times,
            "after": self.after,
            "probability": self.probability,
            "calls": self.calls,
            "uses": self.uses,
            "hits": self.hits,
            "limited": self.limited,
            "remaining": self.remaining,
            "keep_on_reset": self.keep_on_reset,
            "active": self.active,
        }

    def __repr__(self) -> str:
        what = (
            self.fault.kind if self.fault is not None else f"sequence of {len(self.sequence or ())}"
        )
        return f"<FaultRule {self.id} {what} hits={self.hits} calls={self.calls}>"


@dataclass(frozen=True)
class RuleOptions:
    """A rule's checked options (what :class:`FaultRule` is built from)."""

    faults: F.Fault | tuple[Item, ...]
    operation: tuple[str, ...] | None
    model: str | None
    deployment: str | None
    header: tuple[str, str | None] | None
    times: int | None
    after: int
    probability: float
    keep_on_reset: bool


def _faults_of(fault_or_sequence: object) -> tuple[F.Fault | tuple[Item, ...], int | None]:
    """The rule's fault or sequence, and the sequence's size (None for one fault)."""
    if isinstance(fault_or_sequence, F.Fault):
        return fault_or_sequence, None
    if not isinstance(fault_or_sequence, list | tuple):
        raise TypeError(
            f"add takes a fault or a list of faults, not {type(fault_or_sequence).__name__}"
        )
    items = tuple(fault_or_sequence)
    if not items:
        raise ValueError("a fault sequence needs at least one item")
    for item in items:
        if item is not None and not isinstance(item, F.Fault):
            raise TypeError(f"a sequence holds faults or None, not {type(item).__name__}")
        if isinstance(item, F.RateLimitFault):
            raise ValueError("a rate_limit fault cannot be part of a sequence")
    return items, len(items)


def _probability(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError("probability must be a number")
    if not 0.0 <= float(value) <= 1.0:
        raise ValueError(f"probability must be between 0 and 1, got {value}")
    return float(value)


def rule_options(
    fault_or_sequence: object,
    known_operations: frozenset[str],
    *,
    operation: object = None,
    model: object = None,
    deployment: object = None,
    header: object = None,
    times: object = None,
    after: object = 0,
    probability: object = 1.0,
    keep_on_reset: object = False,
) -> RuleOptions:
    """Every option of a rule checked (TypeError/ValueError on the first bad one)."""
    faults, size = _faults_of(fault_or_sequence)
    if times is not None:
        if isinstance(times, bool) or not isinstance(times, int):
            raise TypeError("times must be an integer or None")
        if times < 1:
            raise ValueError(f"times must be at least 1 (or None for no limit), got {times}")
        if size is not None and times > size:
            raise ValueError(f"a sequence of {size} item(s) answers at most {size} call(s)")
    count_after = check_integer("after", after, minimum=0)
    chance = _probability(probability)
    if isinstance(faults, F.RateLimitFault) and (times is not None or count_after or chance < 1):
        raise ValueError(
            "a rate_limit applies to every matching call: no times, after or probability"
        )
    if not isinstance(keep_on_reset, bool):
        raise TypeError("keep_on_reset must be a boolean")
    return RuleOptions(
        faults,
        _operations(operation, known_operations),
        _optional_str("model", model),
        _optional_str("deployment", deployment),
        _header_filter(header),
        times,
        count_after,
        chance,
        keep_on_reset,
    )
