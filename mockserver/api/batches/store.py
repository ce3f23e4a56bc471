"""Batches: created from an input file, moved on by the clock (``tick`` and every read).

See :mod:`.record` for the lifecycle. Lines run in :meth:`BatchesStore.tick`
or when a batch is read, whichever comes first; the output and error files
join the files store (purposes ``batch_output``) when the batch ends. Every
end is announced (``batch.completed``, ``batch.failed``, ``batch.expired``,
``batch.cancelled``) with :meth:`State.emit`.
"""

from __future__ import annotations

from typing import Any, ClassVar

from openai_kit.mockserver._errors import MockAPIError
from openai_kit.mockserver._ids import alnum_id
from openai_kit.mockserver._paging import page
from openai_kit.mockserver._stores import Pending, State, Store, kept, not_found
from openai_kit.mockserver.api.batches.record import (
    CANCEL_SECONDS,
    FINALIZE_SECONDS,
    TERMINAL,
    VALIDATE_SECONDS,
    StoredBatch,
)
from openai_kit.mockserver.api.batches.run import LineRunner, error_line, line_id
from openai_kit.mockserver.api.batches.validate import CreateBatch, normal_endpoint, read_input
from openai_kit.mockserver.api.files.store import FilesStore

__all__ = ["BatchesStore"]

_EXPIRED = "This request could not be executed before the completion window expired."


_no_such_batch = not_found("No batch found with id '{}'.", param="batch_id")
#: The phases a batch leaves once they have lasted their time: (status it ends as, seconds).
_TIMED_ENDS = {
    "cancelling": ("cancelled", CANCEL_SECONDS),
    "finalizing": ("completed", FINALIZE_SECONDS),
}


class BatchesStore(Store):
    """The batches of one server. ``lines_per_second``: how fast lines run (simulated time)."""

    area: ClassVar[str] = "batches"
    _batches = kept("batches", StoredBatch.to_json)

    def __init__(self, state: State) -> None:
        super().__init__(state)
        self.lines_per_second = 100.0

    # -- API ---------------------------------------------------------------------------------

    def create(self, spec: CreateBatch, runner: LineRunner) -> dict[str, Any]:
        try:
            stored = self.state.get(FilesStore).get(spec.input_file_id)
        except MockAPIError as err:
            raise MockAPIError(err.status, str(err), param="input_file_id") from None
        if stored.purpose != "batch":
            raise MockAPIError(
                400,
                f"The input file {stored.id} has purpose '{stored.purpose}'; a batch's input "
                "file must be uploaded with purpose 'batch'.",
                param="input_file_id",
            )
        requests, errors = read_input(stored.data, spec.endpoint)
        model = requests[0].body.get("model") if requests else None
        with self.lock:
            ident, number = self.mint("batch_", "batch", 32, digits=alnum_id)
            batch = StoredBatch(
                id=ident,
                sequence=number,
                spec=spec,
                created_at=self.now(),
                runner=runner,
                op=runner.operation(normal_endpoint(spec.endpoint)),
                requests=requests,
                input_errors=errors,
                model=model if isinstance(model, str) else None,
            )
            self._batches[batch.id] = batch
            return batch.to_json()

    def _get(self, batch_id: str) -> StoredBatch:
        return self.find(self._batches, batch_id, _no_such_batch)

    def retrieve(self, batch_id: str) -> dict[str, Any]:
        self.tick(self.now())
        with self.lock:
            return self._get(batch_id).to_json()

    def list(self, *, after: str | None, limit: int) -> dict[str, Any]:
        self.tick(self.now())
        with self.lock:
            items = [b.to_json() for b in self._batches.values()]
        return page(items, after=after, limit=limit, order="desc")

    def cancel(self, batch_id: str) -> dict[str, Any]:
        self.tick(self.now())
        with self.lock:
            batch = self._get(batch_id)
            if batch.status in TERMINAL or batch.status == "cancelling":
                raise MockAPIError(
                    409,
                    f"Cannot cancel a batch with status '{batch.status}'.",
                    param="batch_id",
                )
            batch.status = "cancelling"
            batch.stamps["cancelling_at"] = self.now()
            return batch.to_json()

    # -- lifecycle ---------------------------------------------------------------------------

    def tick(self, now: float) -> None:
        self.advance_each(now, self._batches.values(), self._announce_end)

    def _announce_end(self, batch: StoredBatch, now: float, pending: Pending) -> None:
        if self._advance(batch, now):
            pending.append((f"batch.{batch.status}", batch.to_json()))

    def _advance(self, batch: StoredBatch, now: float) -> bool:
        """Move ``batch`` on to ``now``; True when it ended just now."""
        if batch.status in TERMINAL:
            return False
        if batch.status == "cancelling":
            return self._end_when_due(batch, now)
        if batch.status == "validating":
            at = batch.created_at + VALIDATE_SECONDS
            if now < at:
                return False
            if batch.input_errors:
                batch.status = "failed"
                batch.stamps["failed_at"] = at
                return True
            batch.status = "in_progress"
            batch.stamps["in_progress_at"] = at
        if batch.status == "in_progress":
            self._run_lines(batch, min(now, batch.expires_at))
            if batch.status == "in_progress" and now >= batch.expires_at:
                self._end(batch, "expired", batch.expires_at, "batch_expired", _EXPIRED)
                return True
        return self._end_when_due(batch, now)

    def _end_when_due(self, batch: StoredBatch, now: float) -> bool:
        """End a cancelling or finalizing batch once that phase has lasted its time (True then)."""
        timed = _TIMED_ENDS.get(batch.status)
        if timed is None:
            return False
        status, seconds = timed
        at = batch.stamps[f"{batch.status}_at"] + seconds
        if now < at:
            return False
        self._end(batch, status, at, "", "")
        return True

    def _run_lines(self, batch: StoredBatch, now: float) -> None:
        start = batch.stamps["in_progress_at"]
        step = 1.0 / self.lines_per_second
        url = normal_endpoint(batch.spec.endpoint)
        while batch.done < len(batch.requests):
            due = start + (batch.done + 1) * step
            if due > now:
                return
            result = batch.runner.run(batch.op, batch.id, batch.requests[batch.done], url)
            if result is None:
                return  # held by a hang; tried again on the next tick
            batch.take(result)
        batch.status = "finalizing"
        batch.stamps["finalizing_at"] = max(start, start + len(batch.requests) * step)

    def _end(self, batch: StoredBatch, status: str, at: float, code: str, message: str) -> None:
        """Finish ``batch`` at ``at``: the files written, lines that never ran as errors
        ``code`` (expired batches; a cancelled one keeps only what ran)."""
        for request in batch.requests[batch.done :] if code else ():
            ident = line_id(self.seed, batch.id, request.line)
            batch.failures.append(error_line(ident, request.custom_id, code, message))
            batch.failed += 1
        batch.status = status
        batch.stamps[f"{status}_at"] = at
        files = self.state.get(FilesStore)
        expiry = batch.spec.output_expires_after
        for lines, attribute, name in (
            (batch.output, "output_file_id", "output"),
            (batch.failures, "error_file_id", "error"),
        ):
            if lines:
                stored = files.add(
                    filename=f"{batch.id}_{name}.jsonl",
                    purpose="batch_output",
                    data=("\n".join(lines) + "\n").encode(),
                    expires_after_seconds=expiry,
                )
                setattr(batch, attribute, stored.id)
