"""Where a run's outcomes are kept: the interface the runner writes to, and an in-memory one.

The runner only needs four things from storage: open (or reopen) a run,
the latest outcome of an item in earlier runs (for
incremental re-runs), what this run already recorded (for ``--resume``),
and a durable ``put``.  ``store_sink.py`` maps them onto the service's
database; :class:`MemorySink` keeps them in a dict for tests and one-off
runs.
"""
from __future__ import annotations

import copy
import uuid

from .model import Outcome, Run


class Sink:
    def open_run(self, kind: str, source: str, config: str, *, resume: bool = False) -> Run:
        raise NotImplementedError

    def prior(self, run: Run, name: str) -> Outcome | None:
        """Latest outcome of this item in an earlier run, with its report and the config it was made with."""
        raise NotImplementedError

    def recorded(self, run: Run) -> dict[str, Outcome]:
        """Outcomes this run already holds (non-empty only when resuming)."""
        raise NotImplementedError

    def put(self, run: Run, outcome: Outcome) -> None:
        """Keep one outcome durably before returning: a kill right after must not lose it."""
        raise NotImplementedError

    def close_run(self, run: Run, status: str = "done") -> None:
        raise NotImplementedError

    def close(self) -> None:
        pass


class MemorySink(Sink):
    def __init__(self) -> None:
        self.runs: list[dict] = []  # {"run": Run, "status": str, "items": list[Outcome]}

    def _find(self, run_id: str) -> dict:
        return next(r for r in self.runs if r["run"].id == run_id)

    def open_run(self, kind: str, source: str, config: str, *, resume: bool = False) -> Run:
        if resume:
            for r in reversed(self.runs):
                if r["run"].kind == kind and r["run"].source == source and r["status"] != "done":
                    r["status"] = "running"
                    run = Run(r["run"].id, kind, source, config, resumed=True)
                    r["run"] = run
                    return run
        run = Run(uuid.uuid4().hex, kind, source, config)
        self.runs.append({"run": run, "status": "running", "items": []})
        return run

    def prior(self, run: Run, name: str) -> Outcome | None:
        found = None
        for r in self.runs:
            if r["run"].id == run.id:
                continue
            for o in r["items"]:
                if o.name == name:
                    found = o
        return copy.deepcopy(found) if found else None

    def recorded(self, run: Run) -> dict[str, Outcome]:
        return {o.name: copy.deepcopy(o) for o in self._find(run.id)["items"]}

    def put(self, run: Run, outcome: Outcome) -> None:
        self._find(run.id)["items"].append(copy.deepcopy(outcome))

    def close_run(self, run: Run, status: str = "done") -> None:
        self._find(run.id)["status"] = status

    def items(self, run_id: str | None = None) -> list[Outcome]:
        """Every outcome ever put (of one run, or of all): tests count scans with it."""
        return [o for r in self.runs if run_id in (None, r["run"].id) for o in r["items"]]
