"""Submissions (a draft with its latest scan, moving through approval) and the publication register.

The rules of the workflow live in ``api/workflow.py`` as pure functions;
the store only applies the :class:`Transition` they return, inside one
transaction with the row locked, together with its audit entry and, for
registration, the register row.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from scanner import BaomiError

from .models import Publication, Scan, Submission, utcnow
from .records import PublicationRecord, ScanRecord, SubmissionRecord, Transition, UserInfo

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

Decide = Callable[[SubmissionRecord, ScanRecord | None], Transition]


class SubmissionsMixin:
    def _sub(self, s: "Session", row: Submission) -> SubmissionRecord:
        from .store import aware

        scan = s.get(Scan, row.scan_id)
        approvals = []
        for a in row.approvals or []:
            a = dict(a)
            if a.get("note_enc"):  # notes are free text a reviewer typed: sealed like titles
                a["note"] = self.sealer.open_text(a.pop("note_enc").encode("ascii")) or ""
            approvals.append(a)
        return SubmissionRecord(id=row.id, department=row.department, created_by=row.created_by,
                                title=self.sealer.open_text(row.title_enc) or "", status=row.status,
                                version=row.version, scan_id=row.scan_id, steps=list(row.steps or []), step=row.step,
                                approvals=approvals, created_at=aware(row.created_at),
                                updated_at=aware(row.updated_at), verdict=scan.verdict if scan else None,
                                sha256=scan.sha256 if scan else None)

    def create_submission(self, scan_id: str, user: UserInfo, title: str, steps: list[dict[str, Any]]) -> SubmissionRecord:
        with self.session() as s, s.begin():
            scan = s.get(Scan, scan_id)
            if scan is None or not user.can_see(scan.department):
                raise BaomiError("no_such", f"审查记录 {scan_id}")
            if scan.status != "done":
                raise BaomiError("conflict", "该审查尚未完成或已失败，不能送审")
            # one open submission per scan: a second press of 送审批 must not make a second one
            q = select(Submission).where(Submission.scan_id == scan_id, Submission.status != "published")
            if s.bind.dialect.name == "postgresql":
                q = q.with_for_update()
            open_sub = s.scalars(q).first()
            if open_sub is not None:
                raise BaomiError("conflict", f"该审查结果已送审（送审稿编号 {open_sub.id}），不能重复送审")
            now = utcnow()
            row = Submission(department=scan.department, created_by=user.id, title_enc=self.sealer.seal(title),
                             status="draft", version=1, scan_id=scan_id, steps=steps, step=0, approvals=[],
                             created_at=now, updated_at=now)
            s.add(row)
            s.flush()
            self._audit(s, user.name, "submission_create", "submission", row.id, sha256=scan.sha256,
                        verdict=scan.verdict, details={"scan_id": scan_id, "title": title})
            return self._sub(s, row)

    def get_submission(self, sub_id: int, user: UserInfo | None) -> SubmissionRecord | None:
        with self.session() as s:
            row = s.get(Submission, sub_id)
            if row is None or (user is not None and not user.can_see(row.department)):
                return None
            return self._sub(s, row)

    def list_submissions(self, user: UserInfo, status: str | None = None) -> list[SubmissionRecord]:
        with self.session() as s:
            q = select(Submission).order_by(Submission.updated_at.desc())
            if not user.sees_all:
                q = q.where(Submission.department.in_([user.department, *user.oversees]))
            if status:
                q = q.where(Submission.status == status)
            return [self._sub(s, r) for r in s.scalars(q.limit(500)).all()]

    def transition(self, sub_id: int, user: UserInfo, decide: Decide) -> SubmissionRecord:
        """Apply one workflow step atomically; ``decide`` raises BaomiError('conflict'/'forbidden') to refuse."""
        with self.session() as s, s.begin():
            q = select(Submission).where(Submission.id == sub_id)
            if s.bind.dialect.name == "postgresql":
                q = q.with_for_update()
            row = s.scalars(q).first()
            if row is None or not user.can_see(row.department):
                raise BaomiError("no_such", f"送审稿 {sub_id}")
            current = self._sub(s, row)
            scan = s.get(Scan, row.scan_id)
            t = decide(current, self._record(scan) if scan else None)
            for key, value in t.changes.items():
                if key == "approvals":
                    value = [self._seal_note(a) for a in value]
                setattr(row, key, value)
            row.updated_at = utcnow()
            scan = s.get(Scan, row.scan_id)
            self._audit(s, user.name, t.action, "submission", row.id, sha256=scan.sha256 if scan else None,
                        verdict=scan.verdict if scan else None, details=t.details)
            if t.publication is not None:
                p = t.publication
                s.add(Publication(submission_id=row.id, scan_id=row.scan_id, department=row.department,
                                  channel=p["channel"], url=p.get("url", ""), published_at=p["published_at"],
                                  registered_at=utcnow(), registered_by=user.name, approved_by=p.get("approved_by", ""),
                                  sha256=scan.sha256 or "", verdict=scan.verdict or "", title_enc=row.title_enc))
            s.flush()
            return self._sub(s, row)

    def _seal_note(self, entry: dict[str, Any]) -> dict[str, Any]:
        if "note" not in entry:
            return entry
        e = dict(entry)
        note = e.pop("note")
        if note:
            e["note_enc"] = self.sealer.seal(note).decode("ascii")
        return e

    def file_status(self, sha256: str, user: UserInfo | None) -> dict[str, Any]:
        """Whether a file (by fingerprint) was scanned, approved and registered here, and when."""
        from .store import aware

        with self.session() as s:
            scans = [r for r in s.scalars(select(Scan).where(Scan.sha256 == sha256, Scan.status == "done")
                                          .order_by(Scan.created_at.desc())).all()
                     if user is None or user.can_see(r.department)]
            out: dict[str, Any] = {"sha256": sha256, "scanned": bool(scans), "verdict": None, "publishable": None,
                                   "approved": False, "approved_at": None, "registered": False,
                                   "published_at": None, "channel": None, "url": None, "submission_id": None}
            if not scans:
                return out
            out["verdict"] = scans[0].verdict
            out["publishable"] = scans[0].verdict == "publish"
            ids = [r.id for r in scans]
            pub = s.scalars(select(Publication).where(Publication.sha256 == sha256, Publication.scan_id.in_(ids))
                            .order_by(Publication.published_at.desc())).first()
            subs = s.scalars(select(Submission).where(Submission.scan_id.in_(ids))
                             .order_by(Submission.updated_at.desc())).all()
            for sub in subs:
                rec = self._sub(s, sub)
                at_register = (rec.status == "in_review" and rec.step < len(rec.steps)
                               and rec.steps[rec.step].get("action") == "register_publication")
                if rec.status == "published" or at_register:
                    approved = [a for a in rec.approvals if a.get("version") == rec.version
                                and a.get("decision") == "approve"]
                    out.update(approved=True, submission_id=rec.id,
                               approved_at=approved[-1]["at"] if approved else None)
                    break
            if pub is not None:
                out.update(registered=True, published_at=aware(pub.published_at).isoformat(), channel=pub.channel,
                           url=pub.url, submission_id=pub.submission_id)
            return out

    # -- register --------------------------------------------------------------
    def list_publications(self, user: UserInfo | None, *, date_from: datetime | None = None,
                          date_to: datetime | None = None, channel: str | None = None,
                          department: str | None = None) -> list[PublicationRecord]:
        from .store import aware

        with self.session() as s:
            q = select(Publication).order_by(Publication.published_at.desc(), Publication.id.desc())
            if user is not None and not user.sees_all:
                q = q.where(Publication.department.in_([user.department, *user.oversees]))
            if date_from:
                q = q.where(Publication.published_at >= date_from)
            if date_to:
                q = q.where(Publication.published_at < date_to)
            if channel:
                q = q.where(Publication.channel == channel)
            if department:
                q = q.where(Publication.department == department)
            return [PublicationRecord(id=r.id, submission_id=r.submission_id, scan_id=r.scan_id,
                                      department=r.department, channel=r.channel, url=r.url,
                                      published_at=aware(r.published_at), registered_at=aware(r.registered_at),
                                      registered_by=r.registered_by, approved_by=r.approved_by, sha256=r.sha256,
                                      verdict=r.verdict, title=self.sealer.open_text(r.title_enc) or "")
                    for r in s.scalars(q).all()]
