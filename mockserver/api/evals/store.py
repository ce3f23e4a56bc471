"""Evals, their runs and the runs' output items, on the server's clock.

Plain Python, no HTTP. A run's rows are sampled and graded when it is
created (:mod:`.sampling`, the shared grader engine); the store moves runs
through their lifecycle (:mod:`.runs`) in :meth:`EvalsStore.tick` and before
every read, and announces ``eval.run.succeeded`` / ``.failed`` / ``.canceled``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from openai_kit.mockserver._errors import MockAPIError
from openai_kit.mockserver._paging import page
from openai_kit.mockserver._stores import Pending, Store, copied, kept, not_found
from openai_kit.mockserver.api.evals.runs import QUEUE_SECONDS, TERMINAL, Run

__all__ = ["EvalsStore"]


_eval_not_found = not_found("Eval with id '{}' not found.", param="eval_id")
_run_not_found = not_found("Eval run with id '{}' not found.", param="run_id")


class EvalsStore(Store):
    """The evals of one server and their runs."""

    area: ClassVar[str] = "evals"
    ticks_before_snapshot = True
    _evals = kept("evals", copied)
    _runs = kept("eval_runs", Run.to_json)

    def new_id(self, kind: str) -> str:
        return self.mint(f"{kind}_", kind, 32).id

    # -- lifecycle --------------------------------------------------------------------------

    def tick(self, now: float) -> None:
        self.advance_each(now, self._runs.values(), self._advance)

    def _advance(self, run: Run, now: float, pending: Pending) -> None:
        if run.status == "queued" and now >= run.phase_at + QUEUE_SECONDS:
            run.status, run.phase_at = "in_progress", run.phase_at + QUEUE_SECONDS
        if run.status != "in_progress":
            return
        if now < run.phase_at + run.run_seconds:
            run.reveal(run.graded_by(now))
            return
        run.reveal(len(run.rows))
        errored = [g for g in run.rows if g.status == "error"]
        if run.rows and len(errored) == len(run.rows):
            first = errored[0].row.error or "every grader errored"
            run.status, run.error = (
                "failed",
                {"code": "all_items_errored", "message": f"Every item errored: {first}"},
            )
            pending.append(("eval.run.failed", run.to_json()))
        else:
            run.status = "completed"
            pending.append(("eval.run.succeeded", run.to_json()))

    # -- evals ------------------------------------------------------------------------------

    def create_eval(
        self, body: Mapping[str, Any], config: dict[str, Any], criteria: Sequence[Mapping[str, Any]]
    ) -> dict[str, Any]:
        eval_id = self.new_id("eval")
        stored = {
            "object": "eval",
            "id": eval_id,
            "name": body.get("name") or eval_id,
            "data_source_config": config,
            "testing_criteria": [dict(c) for c in criteria],
            "created_at": int(self.now()),
            "metadata": dict(body.get("metadata") or {}),
        }
        with self.lock:
            self._evals[eval_id] = stored
            return dict(stored)

    def get_eval(self, eval_id: str) -> dict[str, Any]:
        return self.copy_of(self._evals, eval_id, _eval_not_found)

    def update_eval(self, eval_id: str, body: Mapping[str, Any]) -> dict[str, Any]:
        with self.lock:
            stored = self.find(self._evals, eval_id, _eval_not_found)
            if body.get("name") is not None:
                stored["name"] = body["name"]
            if body.get("metadata") is not None:
                stored["metadata"] = dict(body["metadata"])
            return dict(stored)

    def list_evals(
        self, *, after: str | None, limit: int, order: str, order_by: str
    ) -> dict[str, Any]:
        with self.lock:
            evals = [dict(e) for e in self._evals.values()]
        evals.sort(key=lambda e: e["created_at"])
        return page(evals, after=after, limit=limit, order=order)

    def delete_eval(self, eval_id: str) -> dict[str, Any]:
        with self.lock:
            self.delete_from(self._evals, eval_id, _eval_not_found)
            for run_id in [r.id for r in self._runs.values() if r.eval_id == eval_id]:
                del self._runs[run_id]
        return {"object": "eval.deleted", "deleted": True, "eval_id": eval_id}

    # -- runs -------------------------------------------------------------------------------

    def add_run(self, run: Run) -> dict[str, Any]:
        run.phase_at = self.now()
        with self.lock:
            self._runs[run.id] = run
            return run.to_json()

    def new_graded_row_id(self) -> str:
        return self.new_id("outputitem")

    def get_run(self, eval_id: str, run_id: str) -> Run:
        self.get_eval(eval_id)
        self.tick(self.now())
        with self.lock:
            run = self._runs.get(run_id)
        if run is None or run.eval_id != eval_id:
            raise _run_not_found(run_id)
        return run

    def run_json(self, eval_id: str, run_id: str) -> dict[str, Any]:
        run = self.get_run(eval_id, run_id)
        with self.lock:
            return run.to_json()

    def list_runs(
        self, eval_id: str, *, after: str | None, limit: int, order: str, status: str | None
    ) -> dict[str, Any]:
        self.get_eval(eval_id)
        self.tick(self.now())
        with self.lock:
            runs = [
                r.to_json()
                for r in self._runs.values()
                if r.eval_id == eval_id and (status is None or r.status == status)
            ]
        return page(runs, after=after, limit=limit, order=order)

    def cancel_run(self, eval_id: str, run_id: str) -> dict[str, Any]:
        run = self.get_run(eval_id, run_id)
        with self.lock:
            if run.status in TERMINAL:
                raise MockAPIError(
                    409,
                    f"Eval run {run_id} cannot be canceled: its status is '{run.status}'.",
                    param="run_id",
                )
            run.status = "canceled"
            shown = run.to_json()
        self.state.emit("eval.run.canceled", shown)
        return shown

    def delete_run(self, eval_id: str, run_id: str) -> dict[str, Any]:
        self.get_run(eval_id, run_id)
        with self.lock:
            self._runs.pop(run_id, None)
        return {"object": "eval.run.deleted", "deleted": True, "run_id": run_id}

    def output_items(
        self,
        eval_id: str,
        run_id: str,
        *,
        after: str | None,
        limit: int,
        order: str,
        status: str | None,
    ) -> dict[str, Any]:
        run = self.get_run(eval_id, run_id)
        with self.lock:
            items = [run.output_item(i) for i in range(run.shown)]
        items = [i for i in items if status is None or i["status"] == status]
        return page(items, after=after, limit=limit, order=order)

    def output_item(self, eval_id: str, run_id: str, item_id: str) -> dict[str, Any]:
        run = self.get_run(eval_id, run_id)
        with self.lock:
            for index in range(run.shown):
                if run.rows[index].id == item_id:
                    return run.output_item(index)
        raise MockAPIError(
            404, f"Output item with id '{item_id}' not found.", param="output_item_id"
        )
