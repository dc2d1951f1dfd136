"""Response models: what each call answers, for the OpenAPI page and for client generators.

The report itself is described by ``pipelines/report/report.schema.json``;
here it carries the fields a client acts on and allows the rest.
"""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class ErrorBody(BaseModel):
    code: str = Field(description="错误代码，与命令行相同")
    message: str = Field(description="中文说明，告诉用户怎么做；不含稿件内容")


class ErrorOut(BaseModel):
    error: ErrorBody


class Download(BaseModel):
    available: bool
    reason: str | None = Field(default=None, description="不能下载时的原因")


class ReportOut(Open):
    id: str = Field(description="审查记录编号")
    verdict: str = Field(description="publish / publish_after_redaction / on_request_only / not_publishable / escalate")
    publishable: bool = Field(description="可以直接公开（verdict 为 publish）")
    verdict_reason: str = ""
    findings: list[dict[str, Any]] = []
    routing: dict[str, Any] = {}
    document: dict[str, Any] = {}
    downloads: dict[str, Download] | None = Field(default=None, description="各副本能否下载及原因")


class Pending(BaseModel):
    id: str
    status: str = "pending"
    poll: str


class ScanSummary(Open):
    id: str
    status: str
    verdict: str | None = None
    sha256: str | None = None


class ScanList(BaseModel):
    scans: list[ScanSummary]


class Remaining(BaseModel):
    type: str
    label: str
    severity: str
    severity_label: str
    part: str


class RedactionCheck(Open):
    masked: int
    unresolved: int
    removed: list[str] = Field(description="已删除的隐藏内容（中文）")
    checked: bool = True
    clean: bool = Field(description="复查脱敏副本后没有需要处理的内容")
    rescan_verdict: str | None = None
    remaining: list[Remaining] = Field(description="复查仍发现的内容（类型和位置，不含原文）")


class SubmissionOut(Open):
    id: int
    title: str
    department: str
    status: str
    status_label: str
    version: int
    scan_id: str
    verdict: str | None = None
    steps: list[dict[str, Any]]
    step: int
    current_step: dict[str, Any] | None = None
    awaiting_me: bool
    returned: dict[str, Any] | None = Field(default=None, description="最近一次退回：退回人、时间和理由")
    stuck: str | None = Field(default=None, description="当前步骤无人可以办理时的提示")


class SubmissionList(BaseModel):
    submissions: list[SubmissionOut]
    warnings: list[str] = []


class PublicationOut(Open):
    id: int
    title: str
    channel: str
    url: str
    published_at: str
    published_at_local: str = Field(description="发布时间（本地时区，YYYY-MM-DD HH:MM）")
    approved_by: str
    sha256: str


class RegisterOut(BaseModel):
    entries: list[PublicationOut]
    channels: list[str]
    timezone: str


class FingerprintStatus(BaseModel):
    sha256: str
    scanned: bool = Field(description="本服务审查过该文件")
    verdict: str | None = None
    publishable: bool | None = None
    approved: bool = Field(description="审批已完成（该文件是送审稿的当前版本且已通过全部审批步骤）")
    approved_at: str | None = None
    registered: bool = Field(description="已登记发布")
    published_at: str | None = None
    published_at_local: str | None = None
    channel: str | None = None
    url: str | None = None
    submission_id: int | None = None


class UserOut(Open):
    name: str
    role: str
    role_label: str
    department: str


class MeOut(BaseModel):
    user: UserOut
    labels: dict[str, Any]
    timezone: str


class Ok(BaseModel):
    ok: bool = True


class LoginOut(BaseModel):
    user: UserOut


class AuditEntry(Open):
    id: int
    at: str
    actor: str
    action: str


class AuditOut(BaseModel):
    entries: list[AuditEntry]
