"""The runner's sink on the service's database (``pipelines.store``): same tables, same encryption.

Scanned items go through ``save_report``/``save_error`` like any review, so
the web service lists them; carried-over items are ``unchanged`` batch items
pointing at the report they reuse.  The scanner configuration a run used is
kept in the run's options, so an incremental run knows whether an old
report is still valid.
"""
from __future__ import annotations

from typing import Any

from pipelines.store import ItemState, Store

from .model import Outcome, Run
from .sink import Sink


class StoreSink(Sink):
    def __init__(self, store: Store, *, department: str = "") -> None:
        self.store = store
        self.department = department
        self._configs: dict[str, str] = {}

    def open_run(self, kind: str, source: str, config: str, *, resume: bool = False) -> Run:
        if resume:
            last = self.store.last_batch(source=source, kind=kind)
            if last is not None and last["status"] != "done":
                return Run(last["id"], kind, source, config, resumed=True)
        bid = self.store.start_batch(source, kind=kind, department=self.department, options={"config": config})
        return Run(bid, kind, source, config)

    def _config(self, batch_id: str) -> str:
        if batch_id not in self._configs:
            info = self.store.get_batch(batch_id) or {}
            self._configs[batch_id] = str((info.get("options") or {}).get("config", ""))
        return self._configs[batch_id]

    def _outcome(self, st: ItemState, status: str) -> Outcome:
        report: dict[str, Any] | None = None
        error = None
        if st.scan_id:
            rec = self.store.get_scan(st.scan_id, None)
            if rec is not None:
                report, error = rec.report, rec.error
        if st.status == "error" and error is None:
            error = {"code": st.error_code or "internal", "message": ""}
        kind = "attachment" if st.linked_from else ("page" if "://" in st.name else "file")
        return Outcome(
            st.name, kind, status, report=report if st.status != "error" else None, error=error if st.status == "error" else None,
            linked_from=st.linked_from, sha256=st.content_hash, etag=st.etag, last_modified=st.last_modified,
            config=self._config(st.batch_id), scanned=st.status == "scanned", ref=st.scan_id,
        )

    def prior(self, run: Run, name: str) -> Outcome | None:
        st = self.store.last_item(name, before_batch=run.id)
        if st is None or st.status == "skipped":
            return None
        return self._outcome(st, "error" if st.status == "error" else "unchanged")

    def recorded(self, run: Run) -> dict[str, Outcome]:
        out: dict[str, Outcome] = {}
        for st in self.store.batch_items(run.id):
            if st.status == "skipped":
                continue
            if st.status == "error":
                status = "error"
            else:
                before = self.store.last_item(st.name, before_batch=run.id)
                status = "new" if before is None else ("unchanged" if before.content_hash == st.content_hash else "changed")
            out[st.name] = self._outcome(st, status)
        return out

    def put(self, run: Run, o: Outcome) -> None:
        if o.status == "unchanged" and not o.scanned and o.ref:
            self.store.record_item(run.id, o.name, "unchanged", content_hash=o.sha256, etag=o.etag,
                                   last_modified=o.last_modified, scan_id=o.ref, verdict=o.verdict, linked_from=o.linked_from)
        elif o.report is not None:
            o.ref = self.store.save_report(o.report, department=self.department, source=run.kind, batch_id=run.id,
                                           name=o.name, etag=o.etag, last_modified=o.last_modified, linked_from=o.linked_from)
        else:
            o.ref = self.store.save_error(o.name, o.error or {"code": "internal"}, department=self.department,
                                          batch_id=run.id, source=run.kind, content_hash=o.sha256, etag=o.etag,
                                          last_modified=o.last_modified, linked_from=o.linked_from)

    def close_run(self, run: Run, status: str = "done") -> None:
        self.store.finish_batch(run.id, status)

    def close(self) -> None:
        self.store.close()
