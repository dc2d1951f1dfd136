"""Submissions and their approval steps; every transition is checked by ``api/workflow.py``."""
from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from pipelines.store import UserInfo
from scanner import BaomiError

from .. import workflow
from ..auth import current_user, get_store

router = APIRouter(tags=["送审"])


class NewSubmission(BaseModel):
    scan_id: str
    title: str = Field(default="", max_length=200)


class Note(BaseModel):
    note: str = Field(default="", max_length=2000)


class Registration(BaseModel):
    channel: str
    url: str = Field(default="", max_length=2000)
    published_at: datetime | None = None


class NewVersion(BaseModel):
    scan_id: str


def _body(request: Request, sub, user: UserInfo) -> dict:
    d = sub.to_dict()
    d["awaiting_me"] = workflow.awaits(sub, user)
    return d


@router.post("/v1/submissions", summary="以一次审查结果新建送审稿")
def create(body: NewSubmission, request: Request, user: UserInfo = Depends(current_user)) -> dict:
    store = get_store(request)
    scan = store.get_scan(body.scan_id, user)
    if scan is None:
        raise BaomiError("no_such", f"审查记录 {body.scan_id}")
    if scan.status != "done" or scan.report is None:
        raise BaomiError("conflict", "该审查尚未完成或已失败，不能送审")
    title = body.title.strip() or (scan.report.get("document", {}).get("title") or scan.name or "未命名稿件")
    sub = store.create_submission(scan.id, user, title, workflow.steps_for(scan.report))
    return _body(request, sub, user)


@router.get("/v1/submissions", summary="送审稿列表；queue=true 只列等待我办理的")
def list_(request: Request, queue: bool = False, status: str | None = None,
          user: UserInfo = Depends(current_user)) -> dict:
    subs = get_store(request).list_submissions(user, status=status)
    if queue:
        subs = [s for s in subs if workflow.awaits(s, user)]
    return {"submissions": [_body(request, s, user) for s in subs]}


@router.get("/v1/submissions/{sub_id}")
def get(sub_id: int, request: Request, user: UserInfo = Depends(current_user)) -> dict:
    sub = get_store(request).get_submission(sub_id, user)
    if sub is None:
        raise BaomiError("no_such", f"送审稿 {sub_id}")
    return _body(request, sub, user)


@router.post("/v1/submissions/{sub_id}/submit", summary="送审（从第一步开始）")
def submit(sub_id: int, request: Request, user: UserInfo = Depends(current_user)) -> dict:
    sub = get_store(request).transition(sub_id, user, lambda s, _scan: workflow.submit(s, user))
    return _body(request, sub, user)


@router.post("/v1/submissions/{sub_id}/approve", summary="同意（当前步骤对应角色）")
def approve(sub_id: int, body: Note, request: Request, user: UserInfo = Depends(current_user)) -> dict:
    sub = get_store(request).transition(sub_id, user, lambda s, _scan: workflow.approve(s, user, body.note))
    return _body(request, sub, user)


@router.post("/v1/submissions/{sub_id}/return", summary="退回修改")
def return_(sub_id: int, body: Note, request: Request, user: UserInfo = Depends(current_user)) -> dict:
    sub = get_store(request).transition(sub_id, user, lambda s, _scan: workflow.return_(s, user, body.note))
    return _body(request, sub, user)


@router.post("/v1/submissions/{sub_id}/register", summary="发布登记（发布科室）")
def register(sub_id: int, body: Registration, request: Request, user: UserInfo = Depends(current_user)) -> dict:
    sub = get_store(request).transition(sub_id, user, lambda s, scan: workflow.register(
        s, user, scan, channel=body.channel, url=body.url.strip(), published_at=body.published_at))
    return _body(request, sub, user)


@router.post("/v1/submissions/{sub_id}/versions", summary="提交新版本（审批从头开始）")
def new_version(sub_id: int, body: NewVersion, request: Request, user: UserInfo = Depends(current_user)) -> dict:
    store = get_store(request)
    scan = store.get_scan(body.scan_id, user)
    if scan is None:
        raise BaomiError("no_such", f"审查记录 {body.scan_id}")
    sub = store.transition(sub_id, user, lambda s, _scan: workflow.new_version(s, user, scan))
    return _body(request, sub, user)
