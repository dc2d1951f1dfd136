"""Who is calling: an API token (systems) or a login session cookie (the web page).

Cookie-authenticated writes must also carry ``X-Baomi-CSRF: 1``: a page on
another site can make a browser send the cookie, but cannot add a custom
header without a CORS preflight this service never grants.
"""
from __future__ import annotations

from fastapi import Depends, Request
from fastapi.security import HTTPBearer

from pipelines.store import Store, UserInfo
from scanner import BaomiError

COOKIE = "baomi_session"
CSRF_HEADER = "x-baomi-csrf"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def get_store(request: Request) -> Store:
    return request.app.state.store


# declared so OpenAPI shows the bearer scheme; the header itself is read below, with our own error
BEARER = HTTPBearer(auto_error=False, scheme_name="令牌", description="baomi token create 生成的 API 令牌（bm_…）")


def current_user(request: Request, _bearer=Depends(BEARER)) -> UserInfo:
    store = get_store(request)
    auth = request.headers.get("authorization", "")
    user = None
    if auth.lower().startswith("bearer "):
        user = store.user_for_token(auth[7:].strip())
    elif request.cookies.get(COOKIE):
        user = store.user_for_session(request.cookies[COOKIE])
        if user is not None and request.method not in SAFE_METHODS and request.headers.get(CSRF_HEADER) != "1":
            raise BaomiError("forbidden", "网页请求缺少防伪造标头")
    if user is None:
        raise BaomiError("auth")
    return user


def require_role(user: UserInfo, *roles: str) -> None:
    if user.role not in roles:
        raise BaomiError("forbidden")
