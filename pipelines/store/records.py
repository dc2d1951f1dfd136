"""Plain records the store hands out: no ORM objects leak past the store, so callers never hold a session."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

ROLES = ("section_chief", "leader", "secrecy_officer", "publisher", "admin")
# roles that act for the whole unit: every department's drafts reach the secrecy officer and the publishing office
UNIT_WIDE = ("secrecy_officer", "publisher")


@dataclass(frozen=True)
class UserInfo:
    id: int
    name: str
    role: str
    department: str
    oversees: tuple[str, ...] = ()
    disabled: bool = False

    def can_see(self, department: str) -> bool:
        """Own department, plus those overseen ('*' = every department); unit-wide roles see all."""
        return (department == self.department or department in self.oversees or "*" in self.oversees
                or self.role in UNIT_WIDE)

    @property
    def sees_all(self) -> bool:
        return "*" in self.oversees or self.role in UNIT_WIDE

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "role": self.role, "department": self.department,
                "oversees": list(self.oversees), "disabled": self.disabled}


@dataclass
class ScanRecord:
    id: str
    status: str  # pending, done, error, purged
    created_at: datetime
    department: str
    source: str
    channel: str
    name: str | None = None
    sha256: str | None = None
    format: str | None = None
    verdict: str | None = None
    findings_total: int = 0
    report: dict[str, Any] | None = None
    has_draft: bool = False
    error: dict[str, Any] | None = None
    user_id: int | None = None
    batch_id: str | None = None

    def summary(self) -> dict[str, Any]:
        return {"id": self.id, "status": self.status, "created_at": self.created_at.isoformat(),
                "department": self.department, "name": self.name, "verdict": self.verdict,
                "channel": self.channel, "findings": self.findings_total, "sha256": self.sha256,
                "has_draft": self.has_draft}


@dataclass
class SubmissionRecord:
    id: int
    department: str
    created_by: int
    title: str
    status: str  # draft, in_review, returned, published
    version: int
    scan_id: str
    steps: list[dict[str, Any]]
    step: int
    approvals: list[dict[str, Any]]
    created_at: datetime
    updated_at: datetime
    verdict: str | None = None
    sha256: str | None = None

    def to_dict(self) -> dict[str, Any]:
        current = self.steps[self.step] if self.status == "in_review" and self.step < len(self.steps) else None
        return {"id": self.id, "department": self.department, "title": self.title, "status": self.status,
                "version": self.version, "scan_id": self.scan_id, "verdict": self.verdict, "sha256": self.sha256,
                "steps": self.steps, "step": self.step, "current_step": current, "approvals": self.approvals,
                "created_at": self.created_at.isoformat(), "updated_at": self.updated_at.isoformat()}


@dataclass
class PublicationRecord:
    id: int
    submission_id: int
    scan_id: str
    department: str
    channel: str
    url: str
    published_at: datetime
    registered_at: datetime
    registered_by: str
    approved_by: str
    sha256: str
    verdict: str
    title: str

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "submission_id": self.submission_id, "scan_id": self.scan_id,
                "department": self.department, "channel": self.channel, "url": self.url,
                "published_at": self.published_at.isoformat(), "registered_at": self.registered_at.isoformat(),
                "registered_by": self.registered_by, "approved_by": self.approved_by, "sha256": self.sha256,
                "verdict": self.verdict, "title": self.title}


@dataclass
class ItemState:
    """What a batch run needs to decide whether an item changed since last time."""

    batch_id: str
    name: str
    status: str  # scanned, error, unchanged, skipped
    content_hash: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    scan_id: str | None = None
    verdict: str | None = None
    error_code: str | None = None
    linked_from: str | None = None
    at: datetime | None = None


@dataclass
class Transition:
    """What a workflow step decided: new submission fields, an audit entry, maybe a register row."""

    changes: dict[str, Any]
    action: str
    details: dict[str, Any] = field(default_factory=dict)
    publication: dict[str, Any] | None = None
