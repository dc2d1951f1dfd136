"""A small government-style site served on 127.0.0.1 by the test itself; nothing leaves the machine.

Pages are a dict the test may edit between runs; every request is counted,
and ETags are honoured so conditional GETs can be checked.
"""
from __future__ import annotations

import hashlib
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SLOW_SECONDS = 3.0

INDEX = """<!doctype html><html><head><title>某某区人民政府</title></head><body>
<h1>某某区人民政府</h1>
<a href="/news/a.html">通知一</a> <a href="news/b.html#top">通知二</a>
<a href="/private/internal.html">内部</a>
<a href="/files/list.txt">附件：名单</a>
<a href="/slow.html">慢页面</a> <a href="/loop1">循环</a> <a href="/missing.html">丢失</a> <a href="/error.html">出错</a>
<a href="/big.txt">大文件</a> <a href="https://offsite.example.org/x.html">站外</a>
<a href="/js/app.js">脚本</a> <a href="mailto:office@example.org">邮件</a>
</body></html>"""

PAGES = {
    "/": ("text/html; charset=utf-8", INDEX),
    "/news/a.html": ("text/html; charset=utf-8", '<!doctype html><html><body><p>秘密★1年</p><p>关于做好年度工作的通知</p><a href="/">首页</a></body></html>'),
    "/news/b.html": ("text/html; charset=utf-8", '<!doctype html><html><body><p>区政府召开常务会议，研究部署防汛工作。</p><a href="/files/list.txt">名单</a> <a href="/files/plan.html">方案</a></body></html>'),
    "/files/list.txt": ("text/plain; charset=utf-8", "内部资料 注意保存\n补助名单见下表。\n"),
    "/files/plan.html": ("text/html; charset=utf-8", "<!doctype html><html><body><p>防汛工作方案全文。</p></body></html>"),
    "/orphan.html": ("text/html; charset=utf-8", "<!doctype html><html><body><p>只在站点地图中出现的页面。</p></body></html>"),
    "/private/internal.html": ("text/html; charset=utf-8", "<!doctype html><html><body><p>robots 禁止抓取</p></body></html>"),
}


class Site:
    def __init__(self) -> None:
        self.pages = dict(PAGES)
        self.hits: Counter = Counter()
        self.not_modified: Counter = Counter()
        self.etags = True
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *a):  # keep test output clean
                pass

            def do_GET(self):  # noqa: N802
                path = self.path.split("?", 1)[0]
                site.hits[path] += 1
                base = f"http://{self.headers.get('Host')}"
                if path == "/robots.txt":
                    return self._send(200, "text/plain", f"User-agent: *\nDisallow: /private/\nSitemap: {base}/sitemap.xml\n")
                if path == "/sitemap.xml":
                    locs = "".join(f"<url><loc>{base}{p}</loc></url>" for p in ("/", "/news/a.html", "/orphan.html"))
                    return self._send(200, "application/xml", f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</urlset>')
                if path == "/slow.html":
                    time.sleep(SLOW_SECONDS)
                    return self._send(200, "text/html", "<html><body>迟到的页面</body></html>")
                if path in ("/loop1", "/loop2"):
                    self.send_response(302)
                    self.send_header("Location", "/loop2" if path == "/loop1" else "/loop1")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return None
                if path == "/error.html":
                    return self._send(500, "text/plain", "boom")
                if path == "/big.txt":  # no Content-Length: only a streamed cut-off can stop it
                    self.send_response(200)
                    self.send_header("Content-Type", "text/plain")
                    self.end_headers()
                    for _ in range(64):
                        self.wfile.write(b"a" * 4096)
                    return None
                if path not in site.pages:
                    return self._send(404, "text/plain", "not found")
                ctype, body = site.pages[path]
                etag = '"' + hashlib.sha256(body if isinstance(body, bytes) else body.encode()).hexdigest()[:12] + '"'
                if site.etags and self.headers.get("If-None-Match") == etag:
                    site.not_modified[path] += 1
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return None
                return self._send(200, ctype, body, etag if site.etags else None)

            def _send(self, code, ctype, body, etag=None):
                data = body if isinstance(body, bytes) else body.encode("utf-8")  # bytes: a picture
                self.send_response(code)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                if etag:
                    self.send_header("ETag", etag)
                self.end_headers()
                self.wfile.write(data)

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address):  # a client that timed out and left is expected
                pass

        self.server = Server(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def __enter__(self) -> "Site":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
