"""The store: one object over one database, shared by the service and batch runs.

Every method opens and commits its own short transaction, so a record is
durable the moment the method returns; the service answers 200 only after
that.  SQLite runs in WAL mode so readers never wait for the writer.
"""
from __future__ import annotations

import json
import logging
import os
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, delete, event, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from scanner import BaomiError

from .accounts import AccountsMixin
from .batch import BatchMixin
from .crypto import Sealer, resolve_key
from .mask import mask_details
from .models import AuditEntry, Scan, WebSession, utcnow
from .records import ScanRecord, UserInfo
from .submissions import SubmissionsMixin

log = logging.getLogger("baomi.store")

ENV_DATA_DIR = "BAOMI_DATA_DIR"
ENV_DATABASE_URL = "BAOMI_DATABASE_URL"
DB_FILE = "baomi.sqlite3"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def default_data_dir() -> Path:
    """BAOMI_DATA_DIR, else the per-user data folder (XDG), e.g. ~/.local/share/baomi."""
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "baomi"


def aware(dt: datetime | None) -> datetime | None:
    """SQLite hands datetimes back without a zone; everything stored is UTC."""
    if dt is None or dt.tzinfo is not None:
        return dt
    return dt.replace(tzinfo=timezone.utc)


def new_id() -> str:
    return uuid.uuid4().hex


def _engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        eng = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(eng, "connect")
        def _pragmas(dbapi_conn, _record):  # noqa: ANN001
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: a killed process loses no commit
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        return eng
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision; run on every start so a fresh machine needs no extra step."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


class Store(AccountsMixin, BatchMixin, SubmissionsMixin):
    def __init__(self, engine: Engine, sealer: Sealer, *, keep_drafts: bool = False,
                 draft_retention_days: int = 30, report_retention_days: int = 365) -> None:
        self.engine = engine
        self.sealer = sealer
        self.keep_drafts = keep_drafts
        self.draft_retention = timedelta(days=draft_retention_days)
        self.report_retention = timedelta(days=report_retention_days)
        self._session = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def open(cls, data_dir: str | Path | None = None, url: str | None = None, secret_key: str | bytes | None = None,
             dev: bool = False, *, keep_drafts: bool = False, draft_retention_days: int = 30,
             report_retention_days: int = 365, migrate_schema: bool = True) -> "Store":
        url = url or os.environ.get(ENV_DATABASE_URL)
        ddir = Path(data_dir).expanduser() if data_dir else (None if url else default_data_dir())
        if ddir is not None:
            try:
                ddir.mkdir(parents=True, exist_ok=True)
            except OSError:
                raise BaomiError("config", f"无法创建数据目录 {ddir}") from None
        if not url:
            url = f"sqlite:///{ddir / DB_FILE}"
        sealer = Sealer(resolve_key(secret_key, ddir, dev))
        try:
            engine = _engine(url)
            if migrate_schema:
                migrate(engine)
        except (OperationalError, SQLAlchemyError) as exc:
            raise BaomiError("config", f"无法连接或初始化数据库（{type(exc).__name__}）；检查 {ENV_DATABASE_URL}") from None
        return cls(engine, sealer, keep_drafts=keep_drafts, draft_retention_days=draft_retention_days,
                   report_retention_days=report_retention_days)

    def close(self) -> None:
        self.engine.dispose()

    def session(self) -> Session:
        return self._session()

    # -- audit ---------------------------------------------------------------
    def _audit(self, s: Session, actor: str, action: str, object_type: str, object_id: Any = "",
               sha256: str | None = None, verdict: str | None = None, details: dict[str, Any] | None = None) -> None:
        s.add(AuditEntry(at=utcnow(), actor=actor, action=action, object_type=object_type, object_id=str(object_id),
                         sha256=sha256, verdict=verdict, details=mask_details(details or {})))

    def audit(self, actor: str, action: str, object_type: str, object_id: Any = "", *, sha256: str | None = None,
              verdict: str | None = None, details: dict[str, Any] | None = None) -> None:
        """Append one entry; free text in ``details`` is masked.  There is no method to change or remove one."""
        with self.session() as s, s.begin():
            self._audit(s, actor, action, object_type, object_id, sha256, verdict, details)

    def list_audit(self, limit: int = 200, offset: int = 0) -> list[dict[str, Any]]:
        with self.session() as s:
            rows = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit).offset(offset)).all()
            return [{"id": r.id, "at": aware(r.at).isoformat(), "actor": r.actor, "action": r.action,
                     "object_type": r.object_type, "object_id": r.object_id, "sha256": r.sha256,
                     "verdict": r.verdict, "details": r.details} for r in rows]

    # -- scans ---------------------------------------------------------------
    def _record(self, row: Scan, with_report: bool = True) -> ScanRecord:
        report = None
        if with_report and row.report_enc is not None:
            report = json.loads(self.sealer.open_text(row.report_enc))
        error = {"code": row.error_code, "message": row.error_message} if row.error_code else None
        return ScanRecord(id=row.id, status=row.status, created_at=aware(row.created_at), department=row.department,
                          source=row.source, channel=row.channel, name=self.sealer.open_text(row.name_enc),
                          sha256=row.sha256, format=row.format, verdict=row.verdict,
                          findings_total=row.findings_total, report=report, has_draft=row.draft_enc is not None,
                          error=error, user_id=row.user_id, batch_id=row.batch_id)

    def create_pending(self, name: str, *, department: str = "", user: UserInfo | None = None,
                       channel: str = "unspecified", source: str = "api", batch_id: str | None = None) -> str:
        """A scan row for work still running (large uploads answer 202 with this id)."""
        sid = new_id()
        with self.session() as s, s.begin():
            s.add(Scan(id=sid, created_at=utcnow(), user_id=user.id if user else None, department=department,
                       source=source, batch_id=batch_id, status="pending", channel=channel, findings_total=0,
                       name_enc=self.sealer.seal(name)))
        return sid

    def _fill(self, row: Scan, report: dict[str, Any], draft: bytes | None) -> None:
        now = utcnow()
        row.status = "done"
        row.sha256 = report.get("document", {}).get("sha256")
        row.format = report.get("document", {}).get("format")
        row.channel = report.get("channel", row.channel)
        row.verdict = report.get("verdict")
        row.findings_total = int(report.get("summary", {}).get("total", len(report.get("findings", []))))
        row.report_enc = self.sealer.seal(json.dumps(report, ensure_ascii=False))
        row.purge_after = now + self.report_retention
        if draft is not None and self.keep_drafts:
            row.draft_enc = self.sealer.seal(draft)
            row.draft_purge_after = now + self.draft_retention

    def complete_scan(self, scan_id: str, report: dict[str, Any], *, draft: bytes | None = None,
                      actor: str = "system") -> None:
        with self.session() as s, s.begin():
            row = s.get(Scan, scan_id)
            if row is None:
                raise BaomiError("no_such", f"审查记录 {scan_id}")
            self._fill(row, report, draft)
            self._audit_scan(s, actor, row, report)

    def fail_scan(self, scan_id: str, error: dict[str, Any], *, actor: str = "system") -> None:
        with self.session() as s, s.begin():
            row = s.get(Scan, scan_id)
            if row is None:
                return
            row.status = "error"
            row.error_code = str(error.get("code", "internal"))
            row.error_message = str(error.get("message", ""))
            row.purge_after = utcnow() + self.report_retention
            self._audit(s, actor, "scan_failed", "scan", scan_id, details={"code": row.error_code})

    def _audit_scan(self, s: Session, actor: str, row: Scan, report: dict[str, Any]) -> None:
        self._audit(s, actor, "scan", "scan", row.id, sha256=row.sha256, verdict=row.verdict,
                    details={"source": row.source, "channel": row.channel, "format": row.format,
                             "by_type": report.get("summary", {}).get("by_type", {}),
                             "kept_draft": row.draft_enc is not None, "batch_id": row.batch_id})

    def save_report(self, report: dict[str, Any], *, department: str = "", source: str = "batch",
                    batch_id: str | None = None, user: UserInfo | None = None, draft: bytes | None = None,
                    name: str | None = None, etag: str | None = None, last_modified: str | None = None,
                    linked_from: str | None = None) -> str:
        """Store a finished report (encrypted) and return its scan id; with ``batch_id`` also record the batch item."""
        name = name or report.get("document", {}).get("name", "-")
        sid = new_id()
        with self.session() as s, s.begin():
            row = Scan(id=sid, created_at=utcnow(), user_id=user.id if user else None, department=department,
                       source=source, batch_id=batch_id, status="pending", channel=report.get("channel", "unspecified"),
                       findings_total=0, name_enc=self.sealer.seal(name))
            self._fill(row, report, draft)
            s.add(row)
            if batch_id:
                self._add_item(s, batch_id, name, "scanned", content_hash=row.sha256, etag=etag,
                               last_modified=last_modified, scan_id=sid, verdict=row.verdict, linked_from=linked_from)
            self._audit_scan(s, user.name if user else source, row, report)
        return sid

    def save_error(self, name: str, error: dict[str, Any], *, department: str = "", batch_id: str | None = None,
                   source: str = "batch", user: UserInfo | None = None, content_hash: str | None = None,
                   etag: str | None = None, last_modified: str | None = None, linked_from: str | None = None) -> str:
        """Store an error record (``BaomiError.to_dict()`` or ``.record()``) in place of a report; returns its scan id."""
        err = error.get("error", error)
        sid = new_id()
        with self.session() as s, s.begin():
            s.add(Scan(id=sid, created_at=utcnow(), user_id=user.id if user else None, department=department,
                       source=source, batch_id=batch_id, status="error", channel="unspecified", findings_total=0,
                       sha256=content_hash, name_enc=self.sealer.seal(name), error_code=str(err.get("code", "internal")),
                       error_message=str(err.get("message", "")), purge_after=utcnow() + self.report_retention))
            if batch_id:
                self._add_item(s, batch_id, name, "error", content_hash=content_hash, etag=etag,
                               last_modified=last_modified, scan_id=sid, error_code=str(err.get("code", "internal")),
                               linked_from=linked_from)
            self._audit(s, user.name if user else source, "scan_failed", "scan", sid, sha256=content_hash,
                        details={"code": str(err.get("code", "internal")), "batch_id": batch_id})
        return sid

    def get_scan(self, scan_id: str, user: UserInfo | None) -> ScanRecord | None:
        """The scan, or None when it does not exist *or* belongs to a department the user cannot see.

        ``user=None`` is for trusted callers (batch runs, the CLI).
        """
        with self.session() as s:
            row = s.get(Scan, scan_id)
            if row is None or (user is not None and not user.can_see(row.department)):
                return None
            return self._record(row)

    def get_draft(self, scan_id: str, user: UserInfo | None) -> bytes | None:
        with self.session() as s:
            row = s.get(Scan, scan_id)
            if row is None or (user is not None and not user.can_see(row.department)):
                return None
            return self.sealer.open(row.draft_enc)

    def list_scans(self, user: UserInfo | None, limit: int = 50) -> list[ScanRecord]:
        with self.session() as s:
            q = select(Scan).order_by(Scan.created_at.desc())
            if user is not None and not user.sees_all:
                q = q.where(Scan.department.in_([user.department, *user.oversees]))
            return [self._record(r, with_report=False) for r in s.scalars(q.limit(limit)).all()]

    def recover_pending(self) -> int:
        """Scans left pending by a killed server can never finish: mark them so pollers get an answer."""
        with self.session() as s, s.begin():
            res = s.execute(update(Scan).where(Scan.status == "pending").values(
                status="error", error_code="interrupted", error_message=BaomiError("interrupted").message))
            return res.rowcount or 0

    # -- retention -------------------------------------------------------------
    def purge(self, now: datetime | None = None) -> dict[str, int]:
        """Drop drafts and reports past their retention period and expired login sessions."""
        now = now or utcnow()
        with self.session() as s, s.begin():
            drafts = s.execute(update(Scan).where(Scan.draft_purge_after < now, Scan.draft_enc.is_not(None))
                               .values(draft_enc=None, draft_purge_after=None)).rowcount or 0
            reports = s.execute(update(Scan).where(Scan.purge_after < now, Scan.status != "purged")
                                .values(status="purged", report_enc=None, draft_enc=None, name_enc=None,
                                        error_message=None)).rowcount or 0
            sessions = s.execute(delete(WebSession).where(WebSession.expires_at < now)).rowcount or 0
            counts = {"purged_drafts": drafts, "purged_reports": reports, "purged_sessions": sessions}
            if drafts or reports:
                self._audit(s, "system", "purge", "scan", details=counts)
        return counts
