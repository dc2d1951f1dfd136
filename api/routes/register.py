"""发布登记簿 and the audit log: read-only views (nothing here or anywhere edits the audit log)."""
from __future__ import annotations

import csv
import io
from datetime import date, datetime, time, timedelta, timezone

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from pipelines.report import labels
from pipelines.store import UserInfo

from ..auth import current_user, get_store, require_role
from ..schemas import AuditOut, RegisterOut
from ..timefmt import local, zone
from ..workflow import CHANNELS

router = APIRouter(tags=["登记与审计"])
CHANNEL_NAMES = labels.CHANNELS
VERDICT_NAMES = labels.VERDICTS


def csv_header(tz: str) -> list[str]:
    when = "北京时间" if tz == "Asia/Shanghai" else tz
    return ["登记号", "标题", "部门", "发布渠道", "网址", f"发布时间（{when}）", "审批人", "登记人",
            f"登记时间（{when}）", "审查结论", "文件指纹"]


def _range(date_from: date | None, date_to: date | None, tz: str = "UTC") -> tuple[datetime | None, datetime | None]:
    """Whole local days, inclusive at both ends."""
    z = zone(tz) if tz != "UTC" else timezone.utc
    lo = datetime.combine(date_from, time.min, z) if date_from else None
    hi = datetime.combine(date_to + timedelta(days=1), time.min, z) if date_to else None
    return lo, hi


def _rows(request: Request, user: UserInfo, date_from, date_to, channel, department):
    lo, hi = _range(date_from, date_to, request.app.state.settings.timezone)
    return get_store(request).list_publications(user, date_from=lo, date_to=hi, channel=channel or None,
                                                department=department or None)


@router.get("/v1/register", summary="发布登记簿（可按日期、渠道、部门筛选；日期为本单位时区）", response_model=RegisterOut)
def register(request: Request, date_from: date | None = None, date_to: date | None = None, channel: str | None = None,
             department: str | None = None, user: UserInfo = Depends(current_user)) -> dict:
    tz = request.app.state.settings.timezone
    rows = _rows(request, user, date_from, date_to, channel, department)
    entries = [{**r.to_dict(), "published_at_local": local(r.published_at, tz),
                "registered_at_local": local(r.registered_at, tz),
                "channel_label": CHANNEL_NAMES.get(r.channel, r.channel)} for r in rows]
    return {"entries": entries, "channels": list(CHANNELS), "timezone": tz}


def _cell(v: str) -> str:
    """Spreadsheet programs run cells starting with = + - @ as formulas; a title must not."""
    return "'" + v if v[:1] in ("=", "+", "-", "@", "\t", "\r") else v


@router.get("/v1/register.csv", summary="导出发布登记簿（CSV，本单位时区）",
            responses={200: {"description": "CSV（UTF-8，带 BOM）", "content": {"text/csv": {"schema": {"type": "string"}}}}})
def register_csv(request: Request, date_from: date | None = None, date_to: date | None = None,
                 channel: str | None = None, department: str | None = None,
                 user: UserInfo = Depends(current_user)) -> Response:
    tz = request.app.state.settings.timezone
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(csv_header(tz))
    for r in _rows(request, user, date_from, date_to, channel, department):
        w.writerow([str(r.id), _cell(r.title), _cell(r.department), CHANNEL_NAMES.get(r.channel, r.channel),
                    _cell(r.url), local(r.published_at, tz), _cell(r.approved_by),
                    _cell(r.registered_by), local(r.registered_at, tz),
                    VERDICT_NAMES.get(r.verdict, r.verdict), r.sha256])
    get_store(request).audit(user.name, "export_register", "register", "",
                             details={"count": buf.getvalue().count("\n") - 1})
    # a BOM so spreadsheet programs on Windows read the Chinese correctly
    return Response("\ufeff" + buf.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": "attachment; filename*=UTF-8''%E5%8F%91%E5%B8%83%E7%99%BB%E8%AE%B0%E7%B0%BF.csv"})


@router.get("/v1/audit", summary="审计日志（只读；管理员、保密工作负责人）", response_model=AuditOut)
def audit(request: Request, limit: int = 200, offset: int = 0, user: UserInfo = Depends(current_user)) -> dict:
    require_role(user, "admin", "secrecy_officer")
    return {"entries": get_store(request).list_audit(limit=min(max(limit, 1), 1000), offset=max(offset, 0))}
