"""The app factory: one store, one scanning pool, the routes and the web page, all built from Settings."""
from __future__ import annotations

import asyncio
import contextlib
import logging
from pathlib import Path

from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from pipelines.store import Store
from scanner import BaomiError, Scanner, __version__

from . import docs, errors, workflow
from .limits import BodyLimit
from .routes import register, scans, session, submissions
from .settings import Settings
from .worker import ScanPool

log = logging.getLogger("baomi.api")
STATIC = Path(__file__).resolve().parent / "static"
PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def create_app(settings: Settings | None = None, *, store: Store | None = None, scanner: Scanner | None = None) -> FastAPI:
    """Opening the store here (not at first request) makes a missing BAOMI_SECRET_KEY fail the start."""
    settings = settings or Settings()
    store = store or Store.open(settings.data_dir, settings.database_url, settings.secret_key, settings.dev,
                                keep_drafts=settings.keep_drafts, draft_retention_days=settings.draft_retention_days,
                                report_retention_days=settings.report_retention_days)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI):
        # a background scan has no client waiting with a time limit; this one stops even those
        app.state.pool = ScanPool(settings.workers, settings.scan_options, scanner,
                                  hard_timeout=max(600.0, 10 * settings.request_timeout_s))
        try:
            await app.state.pool.start()
        except BaseException as exc:
            app.state.pool.close()  # stopped (SIGTERM) or failed while workers were starting: none may stay
            stop = getattr(app.state, "request_exit", None)
            if not isinstance(exc, BaomiError) or stop is None:
                raise
            # under `baomi serve`: stop the server quietly and let it print the one coded line,
            # rather than raise into uvicorn, which logs a traceback and exits 3
            app.state.startup_error = exc
            stop()
            yield
            return
        recovered = await run_in_threadpool(store.recover_pending)
        if recovered:
            log.warning("%d scans interrupted by the last shutdown were marked failed", recovered)
        for line in workflow.unstaffed(await run_in_threadpool(store.list_users)):
            log.warning("%s", line)
        purger = asyncio.create_task(_purge_loop(store, settings.purge_interval_s))
        try:
            yield
        finally:
            purger.cancel()
            for t in list(app.state.tasks):
                t.cancel()
            app.state.pool.close()

    app = FastAPI(title="baomi 保密审查服务", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="发布前保密审查：上传稿件得到审查报告，按审批流程送审、审批、登记发布。")
    app.state.settings = settings
    app.state.store = store
    app.state.tasks = set()
    app.state.startup_error = None
    errors.install(app)
    app.add_middleware(BodyLimit, max_bytes=settings.max_upload_bytes)
    for r in (session.router, scans.router, submissions.router, register.router, docs.router):
        app.include_router(r)

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", headers=PAGE_HEADERS)

    @app.get("/healthz", include_in_schema=False)
    def health() -> dict:
        pool = getattr(app.state, "pool", None)
        return {"ok": True, "version": __version__, "workers": pool.status() if pool is not None else {}}

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    docs.install(app)
    return app


async def _purge_loop(store: Store, interval: float) -> None:
    while True:
        try:
            await run_in_threadpool(store.purge)
        except Exception as exc:  # noqa: BLE001 - retry next round; never take the service down
            log.error("purge failed: %s", type(exc).__name__)
        await asyncio.sleep(interval)
