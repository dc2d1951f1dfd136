"""Service settings: one dataclass filled by ``baomi serve`` (or a test), never read from globals."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from scanner import ScanOptions


@dataclass
class Settings:
    data_dir: Path | None = None
    database_url: str | None = None
    secret_key: str | None = None
    dev: bool = False
    # scanning: 0 workers = scan in threads of this process (tests, tiny installs)
    workers: int = 2
    scan_options: ScanOptions = field(default_factory=ScanOptions)
    max_upload_bytes: int = 20 * 1024 * 1024
    # bodies above this answer 202 and are scanned in the background
    async_threshold_bytes: int = 2 * 1024 * 1024
    request_timeout_s: float = 60.0
    keep_drafts: bool = False
    draft_retention_days: int = 30
    report_retention_days: int = 365
    purge_interval_s: float = 3600.0
    secure_cookies: bool = False  # set when served behind HTTPS
    # the unit's local time: the register, its CSV and the page show times in it; times typed without a zone are in it
    timezone: str = "Asia/Shanghai"
