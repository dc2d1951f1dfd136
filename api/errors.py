"""Every error leaves the service as ``{"error": {"code", "message"}}`` (the BaomiError shape) with a fitting status."""
from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from scanner import BaomiError

log = logging.getLogger("baomi.api")

STATUS = {
    "usage": 400, "auth": 401, "forbidden": 403, "no_such": 404, "conflict": 409, "draft_not_kept": 409,
    "purged": 410, "interrupted": 410, "too_large": 413, "timeout": 504, "config": 500, "internal": 500,
    "model": 500,
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
        log.error("unhandled %s", type(exc).__name__)  # the type only: a message may quote a draft
        return error_response(BaomiError("internal"))
