"""Upload size limit enforced while the body streams in, before anything is parsed or buffered whole."""
from __future__ import annotations

import json

from scanner import BaomiError

# A client still sending its body when the server answers sees the connection
# drop, not the 413 with its message.  Bodies up to this size are read to the
# end and thrown away first, so the client gets its error; past it the
# connection is closed, because reading gigabytes for a reply helps nobody.
DRAIN_CAP = 128 * 1024 * 1024


async def _drain(receive, seen: int = 0) -> None:  # noqa: ANN001
    while seen <= DRAIN_CAP:
        msg = await receive()
        if msg["type"] != "http.request":
            return
        seen += len(msg.get("body", b""))
        if not msg.get("more_body", False):
            return


class BodyLimit:
    """Pure ASGI middleware: 413 as soon as Content-Length or the bytes received pass the limit."""

    def __init__(self, app, max_bytes: int) -> None:  # noqa: ANN001
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope, receive, send):  # noqa: ANN001
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD"):
            return await self.app(scope, receive, send)
        limit = self.max_bytes + 64 * 1024  # room for multipart framing and form fields
        for name, value in scope.get("headers", []):
            if name == b"content-length" and value.isdigit() and int(value) > limit:
                if int(value) <= DRAIN_CAP:
                    await _drain(receive)
                return await self._reject(send)
        seen = 0
        started = False
        finished = False

        async def counted_receive():
            nonlocal seen, finished
            msg = await receive()
            if msg["type"] == "http.request":
                seen += len(msg.get("body", b""))
                finished = not msg.get("more_body", False)
                if seen > limit:
                    # surfaces in the endpoint reading the body; its handler answers 413
                    raise BaomiError("too_large", f"上传上限 {self.max_bytes // (1024 * 1024)} MB")
            return msg

        async def tracked_send(msg):
            nonlocal started
            if msg["type"] == "http.response.start":
                started = True
            await send(msg)

        try:
            await self.app(scope, counted_receive, tracked_send)
        except BaomiError:
            if not started:
                if not finished:
                    await _drain(receive, seen)
                await self._reject(send)

    async def _reject(self, send) -> None:  # noqa: ANN001
        mb = self.max_bytes // (1024 * 1024)
        body = json.dumps({"error": BaomiError("too_large", f"上传上限 {mb} MB").to_dict()}, ensure_ascii=False).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"), (b"connection", b"close"),
                                (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})
