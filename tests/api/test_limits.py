"""The upload limit answers 413 with its message, after reading (and dropping) a moderately large body."""
from __future__ import annotations

import asyncio
import json

import pytest

from api.limits import DRAIN_CAP, BodyLimit


async def _endpoint(scope, receive, send):
    body = b""
    while True:
        msg = await receive()
        body += msg.get("body", b"")
        if not msg.get("more_body"):
            break
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": str(len(body)).encode()})


def run(chunks: list[bytes], content_length: int | None, limit: int):
    pending = [{"type": "http.request", "body": c, "more_body": i < len(chunks) - 1} for i, c in enumerate(chunks)]
    received = []
    sent = []

    async def receive():
        msg = pending.pop(0)
        received.append(msg)
        return msg

    async def send(msg):
        sent.append(msg)

    headers = [(b"content-length", str(content_length).encode())] if content_length is not None else []
    scope = {"type": "http", "method": "POST", "headers": headers}
    asyncio.run(BodyLimit(_endpoint, max_bytes=limit)(scope, receive, send))
    return received, sent, pending


@pytest.mark.parametrize("declared", [True, False])
def test_oversized_body_is_read_to_the_end_then_answered_413(declared):
    limit = 1024
    chunks = [b"x" * 100_000] * 5
    received, sent, pending = run(chunks, 500_000 if declared else None, limit)
    assert pending == []  # the whole body was consumed, so the client can read the answer
    assert sent[0]["status"] == 413
    assert json.loads(sent[1]["body"])["error"]["code"] == "too_large"


def test_a_body_past_the_drain_cap_is_not_read():
    received, sent, pending = run([b"x"] * 3, DRAIN_CAP + 1, 1024)
    assert received == [] and len(pending) == 3
    assert sent[0]["status"] == 413


def test_a_body_within_the_limit_reaches_the_endpoint():
    _, sent, _ = run([b"x" * 10, b"y" * 10], 20, 1024)
    assert sent[0]["status"] == 200 and sent[1]["body"] == b"20"
