"""Installed faults: the rules, how a request picks one, and what hit what.

``mock.faults`` is a :class:`FaultBook`. ``add`` installs a
:class:`FaultRule` and returns it as a handle (``hits``, ``calls``,
``remove()``; usable as a context manager). For every API request the
pipeline asks :meth:`FaultBook.decide`:

1. Rate-limit rules whose filters match charge their buckets (all or none);
   an empty bucket answers the service's 429 and nothing else is consulted.
2. An ``x-mock-fault`` request header injects that fault, once.
3. Otherwise the first rule (in installation order) whose filters match,
   whose ``after`` calls have passed, that has uses left and whose
   ``probability`` draw succeeds injects its fault; a sequence gives its
   next item (``None``: answer normally).

Every matching call advances a rule's ``calls`` (what ``after`` counts),
whichever rule answers it. Probability draws and ``one_of`` choices come from
a generator seeded with the server's seed and the rule's number, so a run is
reproducible.
"""

from __future__ import annotations

import random
import threading
from collections import deque
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Literal

from openai_kit.mockserver import faults as F
from openai_kit.mockserver._clock import Clock
from openai_kit.mockserver._journal import REDACTED, SECRET_HEADERS, RecordedRequest
from openai_kit.mockserver._ratelimit import Limiter, Verdict, request_tokens, scope_key

__all__ = [
    "Decision",
    "FaultBook",
    "FaultHit",
    "FaultRule",
    "JournalEntry",
    "RequestFacts",
    "addressed_deployment",
]

Item = F.Fault | None


JournalEntry = RecordedRequest
"""The journal's entry type under its former name (``RecordedRequest.fault`` says which
fault hit a request)."""


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


def _operations(
    value: str | Collection[str] | None, known: frozenset[str]
) -> tuple[str, ...] | None:
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


def _header_filter(value: str | tuple[str, str] | None) -> tuple[str, str | None] | None:
    if value is None:
        return None
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

    def __init__(
        self,
        book: FaultBook,
        number: int,
        faults: F.Fault | Sequence[Item],
        *,
        operation: tuple[str, ...] | None,
        model: str | None,
        deployment: str | None,
        header: tuple[str, str | None] | None,
        times: int | None,
        after: int,
        probability: float,
        keep_on_reset: bool,
    ) -> None:
        self._book = book
        self.number = number
        self.id = f"fault_{number}"
        if isinstance(faults, F.Fault):
            self.fault: F.Fault | None = faults
            self.sequence: tuple[Item, ...] | None = None
        else:
            self.fault = None
            self.sequence = tuple(faults)
        self.operation = operation
        self.model = model
        self.deployment = deployment
        self.header = header
        self.times = times
        self.after = after
        self.probability = probability
        self.keep_on_reset = keep_on_reset
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


class FaultBook:
    """The faults installed on one server (thread-safe); ``mock.faults``."""

    def __init__(
        self,
        seed: int,
        operations: Collection[str],
        clock: Clock | None = None,
        *,
        hits_size: int | None = 10_000,
    ) -> None:
        self.seed = seed
        self.clock = clock if clock is not None else Clock()
        self._operations = frozenset(operations)
        self._rules: list[FaultRule] = []
        self._persistent: list[FaultRule] = []
        self._hits: deque[FaultHit] = deque(maxlen=hits_size)
        self._numbers = 0
        self._lock = threading.RLock()
        self._header_rng = random.Random(f"{seed}:fault:header")

    # -- installing ----------------------------------------------------------------

    def add(
        self,
        fault_or_sequence: F.Fault | Sequence[Item],
        *,
        operation: str | Collection[str] | None = None,
        model: str | None = None,
        deployment: str | None = None,
        header: str | tuple[str, str] | None = None,
        times: int | None = None,
        after: int = 0,
        probability: float = 1.0,
        keep_on_reset: bool = False,
    ) -> FaultRule:
        """Install a fault, or a sequence consumed one item per matching call.

        Filters: ``operation`` (a name or several), ``model`` (the body's
        model, the Azure deployment or its model), ``deployment`` (Azure),
        ``header`` (``"name"`` present, ``"name: value"`` or ``(name,
        value)``). ``after`` matching calls pass first; ``times`` limits the
        calls it answers (a sequence answers ``len(sequence)`` calls);
        ``probability`` is drawn from the server's seed. ``keep_on_reset``
        keeps it (counters restarted) across ``mock.reset()``.
        """
        rule = self._make_rule(
            fault_or_sequence,
            operation=operation,
            model=model,
            deployment=deployment,
            header=header,
            times=times,
            after=after,
            probability=probability,
            keep_on_reset=keep_on_reset,
        )
        with self._lock:
            self._rules.append(rule)
            if keep_on_reset:
                self._persistent.append(rule)
        return rule

    def _make_rule(
        self,
        fault_or_sequence: F.Fault | Sequence[Item],
        *,
        operation: str | Collection[str] | None,
        model: str | None,
        deployment: str | None,
        header: str | tuple[str, str] | None,
        times: int | None,
        after: int,
        probability: float,
        keep_on_reset: bool,
    ) -> FaultRule:
        if isinstance(fault_or_sequence, F.Fault):
            is_rate = isinstance(fault_or_sequence, F.RateLimitFault)
            size = None
        elif isinstance(fault_or_sequence, list | tuple):
            items = list(fault_or_sequence)
            if not items:
                raise ValueError("a fault sequence needs at least one item")
            for item in items:
                if item is not None and not isinstance(item, F.Fault):
                    raise TypeError(f"a sequence holds faults or None, not {type(item).__name__}")
                if isinstance(item, F.RateLimitFault):
                    raise ValueError("a rate_limit fault cannot be part of a sequence")
            is_rate, size = False, len(items)
        else:
            raise TypeError(
                f"add takes a fault or a list of faults, not {type(fault_or_sequence).__name__}"
            )
        if times is not None:
            if isinstance(times, bool) or not isinstance(times, int):
                raise TypeError("times must be an integer or None")
            if times < 1:
                raise ValueError(f"times must be at least 1 (or None for no limit), got {times}")
            if size is not None and times > size:
                raise ValueError(f"a sequence of {size} item(s) answers at most {size} call(s)")
        if isinstance(after, bool) or not isinstance(after, int):
            raise TypeError("after must be an integer")
        if after < 0:
            raise ValueError(f"after must be >= 0, got {after}")
        if isinstance(probability, bool) or not isinstance(probability, int | float):
            raise TypeError("probability must be a number")
        if not 0.0 <= float(probability) <= 1.0:
            raise ValueError(f"probability must be between 0 and 1, got {probability}")
        if is_rate and (times is not None or after or probability != 1.0):
            raise ValueError(
                "a rate_limit applies to every matching call: no times, after or probability"
            )
        if not isinstance(keep_on_reset, bool):
            raise TypeError("keep_on_reset must be a boolean")
        ops = _operations(operation, self._operations)
        filters = (_optional_str("model", model), _optional_str("deployment", deployment))
        header_filter = _header_filter(header)
        with self._lock:
            self._numbers += 1
            number = self._numbers
        return FaultRule(
            self,
            number,
            fault_or_sequence,
            operation=ops,
            model=filters[0],
            deployment=filters[1],
            header=header_filter,
            times=times,
            after=after,
            probability=float(probability),
            keep_on_reset=keep_on_reset,
        )

    def add_json(self, data: object, *, keep_on_reset: bool = False) -> FaultRule:
        """Install a rule from the admin API's JSON form.

        ``{"fault": {...} | [..., null, ...], "operation", "model",
        "deployment", "header", "times", "after", "probability"}``.
        """
        if not isinstance(data, Mapping):
            raise ValueError("a fault rule is a JSON object with a 'fault'")
        unknown = sorted(set(data) - _RULE_FIELDS)
        if unknown:
            raise ValueError(f"unknown fault rule field(s): {', '.join(unknown)}")
        if "fault" not in data:
            raise ValueError("a fault rule needs a 'fault'")
        header = data.get("header")
        if isinstance(header, list):
            header = tuple(header)
        return self.add(
            F.sequence_from_json(data["fault"]),
            operation=data.get("operation"),
            model=data.get("model"),
            deployment=data.get("deployment"),
            header=header,
            times=data.get("times"),
            after=data.get("after", 0),
            probability=data.get("probability", 1.0),
            keep_on_reset=keep_on_reset or bool(data.get("keep_on_reset", False)),
        )

    # -- listing and removing ----------------------------------------------------------

    def _holds(self, rule: FaultRule) -> bool:
        with self._lock:
            return any(r is rule for r in self._rules)

    @property
    def rules(self) -> list[FaultRule]:
        """Installed rules with uses left, in installation order."""
        with self._lock:
            return list(self._rules)

    def get(self, rule_id: str) -> FaultRule | None:
        with self._lock:
            return next((r for r in self._rules if r.id == rule_id), None)

    def remove(self, rule: FaultRule | str) -> bool:
        """Uninstall a rule (or its id); False when it was not installed."""
        with self._lock:
            for index, held in enumerate(self._rules):
                if held is rule or held.id == rule:
                    del self._rules[index]
                    self._persistent = [r for r in self._persistent if r is not held]
                    return True
        return False

    def clear(self) -> int:
        """Uninstall every rule (session ones too); returns how many there were."""
        with self._lock:
            count = len(self._rules)
            self._rules.clear()
            self._persistent.clear()
            return count

    @property
    def hits(self) -> list[FaultHit]:
        """The faults injected so far (the latest 10,000), oldest first."""
        with self._lock:
            return list(self._hits)

    def reset(self) -> None:
        """Forget rules (except ``keep_on_reset`` ones, restarted) and hits.

        The clock keeps its time: in a server it is the server's clock, which
        stored responses read too (``clock.reset()`` puts it back).
        """
        with self._lock:
            self._rules = list(self._persistent)
            for rule in self._rules:
                rule.restart()
            self._hits.clear()
            self._header_rng = random.Random(f"{self.seed}:fault:header")

    def __len__(self) -> int:
        return len(self._rules)

    def __iter__(self) -> Iterator[FaultRule]:
        return iter(self.rules)

    def __repr__(self) -> str:
        return f"<FaultBook {len(self)} rules, {len(self._hits)} hits>"

    def to_json(self) -> list[dict[str, Any]]:
        return [rule.to_json() for rule in self.rules]

    # -- deciding ----------------------------------------------------------------------

    def _note(
        self, facts: RequestFacts, fault: F.Fault, rule: FaultRule | None, **extra: Any
    ) -> dict[str, Any]:
        self._hits.append(FaultHit(facts.entry, fault, rule))
        record = fault.to_json()
        record["rule"] = None if rule is None else rule.id
        record.update(extra)
        return record

    def _rate_limits(self, facts: RequestFacts, rules: list[FaultRule]) -> Decision | None:
        headers: dict[str, str] = {}
        charged: list[tuple[FaultRule, str]] = []
        tokens = request_tokens(facts.body) if rules else 0
        for rule in rules:
            limiter = rule.limiter
            fault = rule.fault
            if limiter is None or not isinstance(fault, F.RateLimitFault):
                continue
            scope = scope_key(
                fault.per,
                api_key=facts.api_key,
                deployment=facts.deployment or facts.body_model,
                azure=facts.entry.style != "openai",
            )
            verdict = limiter.check(scope, tokens)
            if not verdict.allowed:
                rule.limited += 1
                rule.hits += 1
                record = self._note(facts, fault, rule, source="rule", limited=verdict.dimension)
                return Decision(limited=verdict, headers=verdict.headers, record=record)
            charged.append((rule, scope))
        for rule, scope in charged:
            assert rule.limiter is not None
            rule.uses += 1
            for name, value in rule.limiter.take(scope, tokens).items():
                headers.setdefault(name, value)
        return Decision(headers=headers) if charged else None

    def decide(self, facts: RequestFacts, header_fault: F.Fault | None = None) -> Decision:
        """The fault (if any) for one request; counts it against the rules."""
        with self._lock:
            matching = [rule for rule in self._rules if rule.matches(facts)]
            for rule in matching:
                rule.calls += 1
            rate_rules = [r for r in matching if r.limiter is not None]
            limited = self._rate_limits(facts, rate_rules)
            if limited is not None and limited.limited is not None:
                return limited
            headers = {} if limited is None else limited.headers
            if header_fault is not None:
                fault = header_fault
                if isinstance(fault, F.OneOfFault):
                    fault = self._header_rng.choice(fault.faults)
                record = self._note(facts, fault, None, source="header")
                return Decision(fault=fault, headers=headers, record=record)
            for rule in matching:
                if rule.limiter is not None:
                    continue
                item = rule.draw()
                if item is False:
                    continue
                if rule.used_up:
                    self._rules = [r for r in self._rules if r is not rule]
                if item is None:
                    break
                rule.hits += 1
                record = self._note(facts, item, rule, source="rule")
                return Decision(fault=item, headers=headers, record=record)
            return Decision(headers=headers)


_RULE_FIELDS = frozenset(
    {
        "fault",
        "operation",
        "model",
        "deployment",
        "header",
        "times",
        "after",
        "probability",
        "keep_on_reset",
    }
)
