"""Web login: a session cookie that scripts cannot read (HttpOnly) and other sites cannot send (SameSite=Strict)."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Request, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel

from pipelines.report import labels
from pipelines.store import UserInfo
from pipelines.store.accounts import SESSION_HOURS
from scanner import BaomiError

from ..auth import COOKIE, current_user, get_store
from ..schemas import LoginOut, MeOut, Ok

router = APIRouter(tags=["登录"])


class Login(BaseModel):
    name: str
    password: str


@router.post("/v1/login", summary="网页登录（设置会话 Cookie）", response_model=LoginOut)
async def login(body: Login, request: Request, response: Response) -> dict:
    store = get_store(request)
    user = await run_in_threadpool(store.login, body.name, body.password)
    if user is None:
        raise BaomiError("auth", "用户名或密码错误，或账号已停用")
    sid = await run_in_threadpool(store.create_session, user)
    response.set_cookie(COOKIE, sid, max_age=SESSION_HOURS * 3600, httponly=True, samesite="strict",
                        secure=request.app.state.settings.secure_cookies, path="/")
    return {"user": {**user.to_dict(), "role_label": labels.ROLES.get(user.role, user.role)}}


@router.post("/v1/logout", summary="退出登录", response_model=Ok)
def logout(request: Request, response: Response) -> dict:
    sid = request.cookies.get(COOKIE)
    if sid:
        get_store(request).end_session(sid)
    response.delete_cookie(COOKIE, path="/")
    return {"ok": True}


@router.get("/v1/me", response_model=MeOut, summary="当前用户和页面使用的中文名称")
def me(request: Request, user: UserInfo = Depends(current_user)) -> dict:
    """The user, and the Chinese labels the page shows, so the page and the reports say the same words."""
    return {
        "user": {**user.to_dict(), "role_label": labels.ROLES.get(user.role, user.role)},
        "labels": {
            "verdicts": labels.VERDICTS,
            "severities": labels.SEVERITIES,
            "types": labels.TYPES,
            "kinds": labels.KINDS,
            "term_categories": labels.TERM_CATEGORIES,
            "roles": labels.ROLES,
            "actions": labels.ACTIONS,
            "channels": labels.CHANNELS,
            "status": labels.STATUS,
            "finding_actions": labels.FINDING_ACTIONS,
        },
        "timezone": request.app.state.settings.timezone,
    }
