"""发布登记簿 and the audit log: read-only views (nothing here or anywhere edits the audit log)."""
from __future__ import annotations

import csv
import io
from datetime import date, datetime, time, timedelta, timezone

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from pipelines.store import UserInfo

from ..auth import current_user, get_store, require_role
from ..workflow import CHANNELS

router = APIRouter(tags=["登记与审计"])
CHANNEL_NAMES = {"website": "政府网站", "weibo": "政务微博", "wechat": "微信公众号"}
VERDICT_NAMES = {"publish": "可以公开", "publish_after_redaction": "脱敏后公开", "on_request_only": "依申请公开",
                 "not_publishable": "不予公开", "escalate": "报请确定密级"}
CSV_HEADER = ["登记号", "标题", "部门", "发布渠道", "网址", "发布时间", "审批人", "登记人", "登记时间", "审查结论", "文件指纹"]


def _range(date_from: date | None, date_to: date | None) -> tuple[datetime | None, datetime | None]:
    """Whole days, inclusive at both ends."""
    lo = datetime.combine(date_from, time.min, timezone.utc) if date_from else None
    hi = datetime.combine(date_to + timedelta(days=1), time.min, timezone.utc) if date_to else None
    return lo, hi


def _rows(request: Request, user: UserInfo, date_from, date_to, channel, department):
    lo, hi = _range(date_from, date_to)
    return get_store(request).list_publications(user, date_from=lo, date_to=hi, channel=channel or None,
                                                department=department or None)


@router.get("/v1/register", summary="发布登记簿（可按日期、渠道、部门筛选）")
def register(request: Request, date_from: date | None = None, date_to: date | None = None, channel: str | None = None,
             department: str | None = None, user: UserInfo = Depends(current_user)) -> dict:
    rows = _rows(request, user, date_from, date_to, channel, department)
    return {"entries": [r.to_dict() for r in rows], "channels": list(CHANNELS)}


def _cell(v: str) -> str:
    """Spreadsheet programs run cells starting with = + - @ as formulas; a title must not."""
    return "'" + v if v[:1] in ("=", "+", "-", "@", "\t", "\r") else v


@router.get("/v1/register.csv", summary="导出发布登记簿（CSV）")
def register_csv(request: Request, date_from: date | None = None, date_to: date | None = None,
                 channel: str | None = None, department: str | None = None,
                 user: UserInfo = Depends(current_user)) -> Response:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(CSV_HEADER)
    for r in _rows(request, user, date_from, date_to, channel, department):
        w.writerow([str(r.id), _cell(r.title), _cell(r.department), CHANNEL_NAMES.get(r.channel, r.channel),
                    _cell(r.url), r.published_at.strftime("%Y-%m-%d %H:%M"), _cell(r.approved_by),
                    _cell(r.registered_by), r.registered_at.strftime("%Y-%m-%d %H:%M"),
                    VERDICT_NAMES.get(r.verdict, r.verdict), r.sha256])
    get_store(request).audit(user.name, "export_register", "register", "",
                             details={"count": buf.getvalue().count("\n") - 1})
    # a BOM so spreadsheet programs on Windows read the Chinese correctly
    return Response("\ufeff" + buf.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": "attachment; filename*=UTF-8''%E5%8F%91%E5%B8%83%E7%99%BB%E8%AE%B0%E7%B0%BF.csv"})


@router.get("/v1/audit", summary="审计日志（只读；管理员、保密工作负责人）")
def audit(request: Request, limit: int = 200, offset: int = 0, user: UserInfo = Depends(current_user)) -> dict:
    require_role(user, "admin", "secrecy_officer")
    return {"entries": get_store(request).list_audit(limit=min(max(limit, 1), 1000), offset=max(offset, 0))}
