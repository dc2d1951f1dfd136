"""Times as people in the unit read them: stored in UTC, shown in the configured zone (Asia/Shanghai by default)."""
from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from scanner import BaomiError


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise BaomiError("config", f"未知时区 {name}（例如 Asia/Shanghai）") from None


def local(value: datetime | str | None, tz: str) -> str | None:
    """'YYYY-MM-DD HH:MM' in the unit's zone; None stays None."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(zone(tz)).strftime("%Y-%m-%d %H:%M")
