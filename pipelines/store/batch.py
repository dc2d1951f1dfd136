"""Batch and crawl runs: which items a run has done, and what each looked like last time.

A resumed run asks :meth:`batch_items` for what is already done; an
incremental run asks :meth:`last_item` for the previous content hash and
ETag/Last-Modified of a URL or path.  Names are sealed; lookups go through
a keyed hash so the database never holds a clear list of what was scanned.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from .models import BatchItem, BatchRun, utcnow
from .records import ItemState

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class BatchMixin:
    def start_batch(self, source: str, *, kind: str = "batch", department: str = "",
                    options: dict[str, Any] | None = None, batch_id: str | None = None) -> str:
        from .store import new_id

        bid = batch_id or new_id()
        with self.session() as s, s.begin():
            s.add(BatchRun(id=bid, kind=kind, source_enc=self.sealer.seal(source), department=department,
                           status="running", options=options or {}, started_at=utcnow()))
            self._audit(s, kind, "batch_start", "batch", bid, details={"batch_id": bid, "source": kind})
        return bid

    def finish_batch(self, batch_id: str, status: str = "done") -> None:
        with self.session() as s, s.begin():
            run = s.get(BatchRun, batch_id)
            if run is None:
                return
            run.status = status
            run.finished_at = utcnow()
            n = len(s.scalars(select(BatchItem.id).where(BatchItem.batch_id == batch_id)).all())
            self._audit(s, run.kind, "batch_finish", "batch", batch_id,
                        details={"batch_id": batch_id, "status": status, "count": n})

    def get_batch(self, batch_id: str) -> dict[str, Any] | None:
        from .store import aware

        with self.session() as s:
            run = s.get(BatchRun, batch_id)
            if run is None:
                return None
            return {"id": run.id, "kind": run.kind, "source": self.sealer.open_text(run.source_enc),
                    "department": run.department, "status": run.status, "options": run.options,
                    "started_at": aware(run.started_at), "finished_at": aware(run.finished_at)}

    def last_batch(self, source: str | None = None, kind: str | None = None) -> dict[str, Any] | None:
        """The newest run (of this source/kind): the one ``--resume`` continues or an incremental run compares to."""
        with self.session() as s:
            q = select(BatchRun).order_by(BatchRun.started_at.desc(), BatchRun.id)
            if kind:
                q = q.where(BatchRun.kind == kind)
            for run in s.scalars(q).all():
                if source is None or self.sealer.open_text(run.source_enc) == source:
                    return self.get_batch(run.id)
        return None

    def _add_item(self, s: "Session", batch_id: str, name: str, status: str, **kw: Any) -> None:
        linked = kw.pop("linked_from", None)
        s.add(BatchItem(batch_id=batch_id, name_key=self.sealer.name_key(name), name_enc=self.sealer.seal(name),
                        linked_from_enc=self.sealer.seal(linked) if linked else None, status=status, at=utcnow(), **kw))

    def record_item(self, batch_id: str, name: str, status: str, *, content_hash: str | None = None,
                    etag: str | None = None, last_modified: str | None = None, scan_id: str | None = None,
                    verdict: str | None = None, error_code: str | None = None, linked_from: str | None = None) -> None:
        """Record an item that did not go through save_report/save_error (e.g. ``unchanged``, ``skipped``)."""
        with self.session() as s, s.begin():
            self._add_item(s, batch_id, name, status, content_hash=content_hash, etag=etag,
                           last_modified=last_modified, scan_id=scan_id, verdict=verdict, error_code=error_code,
                           linked_from=linked_from)

    def _state(self, it: BatchItem) -> ItemState:
        from .store import aware

        return ItemState(batch_id=it.batch_id, name=self.sealer.open_text(it.name_enc), status=it.status,
                         content_hash=it.content_hash, etag=it.etag, last_modified=it.last_modified,
                         scan_id=it.scan_id, verdict=it.verdict, error_code=it.error_code,
                         linked_from=self.sealer.open_text(it.linked_from_enc), at=aware(it.at))

    def batch_items(self, batch_id: str) -> list[ItemState]:
        with self.session() as s:
            rows = s.scalars(select(BatchItem).where(BatchItem.batch_id == batch_id).order_by(BatchItem.id)).all()
            return [self._state(r) for r in rows]

    def last_item(self, name: str, *, before_batch: str | None = None) -> ItemState | None:
        """The newest record of this URL/path in any run (optionally ignoring one run, e.g. the current one)."""
        with self.session() as s:
            q = select(BatchItem).where(BatchItem.name_key == self.sealer.name_key(name))
            if before_batch:
                q = q.where(BatchItem.batch_id != before_batch)
            row = s.scalars(q.order_by(BatchItem.id.desc()).limit(1)).first()
            return self._state(row) if row else None
