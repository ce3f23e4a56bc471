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
from collections import deque
from collections.abc import Collection, Iterator, Mapping, Sequence
from typing import Any

from openai_kit.mockserver import faults as F
from openai_kit.mockserver._clock import Clock
from openai_kit.mockserver._faults_rule import (
    Decision,
    FaultHit,
    FaultRule,
    Item,
    RequestFacts,
    addressed_deployment,
    rule_options,
)
from openai_kit.mockserver._journal import RecordedRequest
from openai_kit.mockserver._ratelimit import request_tokens, scope_key
from openai_kit.mockserver._rulebook import RuleBook

__all__ = [
    "Decision",
    "FaultBook",
    "FaultHit",
    "FaultRule",
    "JournalEntry",
    "RequestFacts",
    "addressed_deployment",
]

JournalEntry = RecordedRequest
"""The journal's entry type under its former name (``RecordedRequest.fault`` says which
fault hit a request)."""


class FaultBook(RuleBook[FaultRule]):
    """The faults installed on one server (thread-safe); ``mock.faults``."""

    def __init__(
        self,
        seed: int,
        operations: Collection[str],
        clock: Clock | None = None,
        *,
        hits_size: int | None = 10_000,
    ) -> None:
        super().__init__()
        self.seed = seed
        self.clock = clock if clock is not None else Clock()
        self._operations = frozenset(operations)
        self._by_operation: dict[str | None, list[FaultRule]] = {}
        self._persistent: list[FaultRule] = []
        self._hits: deque[FaultHit] = deque(maxlen=hits_size)
        self._numbers = 0
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
        options = rule_options(
            fault_or_sequence,
            self._operations,
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
            self._numbers += 1
            rule = FaultRule(self, self._numbers, options)
            self._entries.append(rule)
            self._index_add(rule)
            if rule.keep_on_reset:
                self._persistent.append(rule)
        return rule

    def add_json(self, data: object, *, keep_on_reset: bool = False) -> FaultRule:
        """Install a rule from the admin API's JSON form.

        ``{"fault": {...} | [..., null, ...], "operation", "model",
        "deployment", "header", "times", "after", "probability", "keep_on_reset"}``.
        """
        if not isinstance(data, Mapping):
            raise ValueError("a fault rule is a JSON object with a 'fault'")
        unknown = sorted(set(data) - _RULE_FIELDS)
        if unknown:
            raise ValueError(f"unknown fault rule field(s): {', '.join(unknown)}")
        if "fault" not in data:
            raise ValueError("a fault rule needs a 'fault'")
        keep = data.get("keep_on_reset", False)
        if not isinstance(keep, bool):
            raise ValueError("keep_on_reset must be true or false")
        return self.add(
            F.sequence_from_json(data["fault"]),
            operation=data.get("operation"),
            model=data.get("model"),
            deployment=data.get("deployment"),
            header=data.get("header"),
            times=data.get("times"),
            after=data.get("after", 0),
            probability=data.get("probability", 1.0),
            keep_on_reset=keep_on_reset or keep,
        )

    # -- the index by operation ------------------------------------------------------

    def _index_add(self, rule: FaultRule) -> None:
        for name in rule.operation or (None,):
            self._by_operation.setdefault(name, []).append(rule)

    def _reindex(self) -> None:
        self._by_operation = {}
        for rule in self._entries:
            self._index_add(rule)

    def _candidates(self, operation: str | None) -> list[FaultRule]:
        """Rules that may match a call of ``operation``, in installation order."""
        anyone = self._by_operation.get(None, [])
        named = self._by_operation.get(operation, []) if operation is not None else []
        if not named:
            return list(anyone)
        if not anyone:
            return list(named)
        return sorted((*anyone, *named), key=lambda r: r.number)

    def may_match(self, operation: str | None) -> bool:
        """Whether any rule could match a call of ``operation`` (else deciding costs nothing)."""
        return None in self._by_operation or operation in self._by_operation

    # -- listing and removing ----------------------------------------------------------

    def _holds(self, rule: FaultRule) -> bool:
        with self._lock:
            return any(r is rule for r in self._entries)

    @property
    def rules(self) -> list[FaultRule]:
        """Installed rules with uses left, in installation order."""
        return self._listed()

    def get(self, rule_id: str) -> FaultRule | None:
        with self._lock:
            return next((r for r in self._entries if r.id == rule_id), None)

    def remove(self, rule: FaultRule | str) -> bool:
        """Uninstall a rule (or its id); False when it was not installed."""
        with self._lock:
            for index, held in enumerate(self._entries):
                if held is rule or held.id == rule:
                    del self._entries[index]
                    self._persistent = [r for r in self._persistent if r is not held]
                    self._reindex()
                    return True
        return False

    def _forget(self) -> None:
        """:meth:`clear` uninstalls session-long (``keep_on_reset``) rules too."""
        self._by_operation.clear()
        self._persistent.clear()

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
            self._entries = list(self._persistent)
            self._reindex()
            for rule in self._entries:
                rule.restart()
            self._hits.clear()
            self._header_rng = random.Random(f"{self.seed}:fault:header")

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
            candidates = self._candidates(facts.entry.operation)
            matching = [rule for rule in candidates if rule.matches(facts)]
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
                    self._entries = [r for r in self._entries if r is not rule]
                    self._reindex()
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
