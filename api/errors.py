"""Every error leaves the service as ``{"error": {"code", "message"}}`` (the BaomiError shape) with a fitting status."""
from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from scanner import BaomiError
from scanner.errors import internal_error

log = logging.getLogger("baomi.api")

STATUS = {
    "usage": 400, "auth": 401, "forbidden": 403, "no_such": 404, "conflict": 409, "draft_not_kept": 409,
    "purged": 410, "interrupted": 410, "too_large": 413, "timeout": 504, "config": 500, "internal": 500,
    "model": 500, "worker_lost": 500,
}


def status_for(code: str) -> int:
    return STATUS.get(code, 422)  # the rest are problems with the uploaded file


def error_response(exc: BaomiError) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if exc.code == "auth" else None
    return JSONResponse({"error": exc.to_dict()}, status_code=status_for(exc.code), headers=headers)


def install(app: FastAPI) -> None:
    @app.exception_handler(BaomiError)
    async def _baomi(_req: Request, exc: BaomiError) -> JSONResponse:
        return error_response(exc)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_req: Request, exc: RequestValidationError) -> JSONResponse:
        # name the fields only: validation errors can echo the submitted values
        where = sorted({".".join(str(p) for p in e.get("loc", ())[1:]) or "body" for e in exc.errors()})
        return error_response(BaomiError("usage", "请求参数有误：" + "，".join(where)))

    @app.exception_handler(StarletteHTTPException)
    async def _http(_req: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {401: "auth", 403: "forbidden", 404: "no_such", 405: "usage", 413: "too_large"}.get(exc.status_code, "usage")
        return JSONResponse({"error": BaomiError(code).to_dict()}, status_code=exc.status_code)

    @app.exception_handler(Exception)
    async def _crash(_req: Request, exc: Exception) -> JSONResponse:
        return crash_response(exc)

    # Starlette re-raises whatever reaches its handler for Exception, and uvicorn then logs the
    # traceback with the exception's message (which may quote a draft); this catches it first.
    app.add_middleware(CatchAll)


def crash_response(exc: BaseException) -> JSONResponse:
    if isinstance(exc, (UnicodeError, RecursionError)):  # a body or a field the request made impossible
        return error_response(BaomiError("usage", "请求中含有无效的字符或嵌套过深的结构"))
    # type and place only, with the id the user sees: a message may quote a draft
    return error_response(internal_error(exc, log))


class CatchAll:
    """Pure ASGI: an exception no handler took becomes the error shape, and no traceback is logged."""

    def __init__(self, app) -> None:  # noqa: ANN001 - an ASGI app
        self.app = app

    async def __call__(self, scope, receive, send) -> None:  # noqa: ANN001 - ASGI
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watch(message) -> None:  # noqa: ANN001
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception as exc:  # noqa: BLE001
            if started:  # too late for a body of our own; the id still goes to the log
                internal_error(exc, log)
                return
            await crash_response(exc)(scope, receive, send)
