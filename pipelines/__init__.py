"""Reading documents into located text parts, and running scans over many of them.

Uses ``scanner``; never imported by it.
"""
from .logsafe import silence as _silence

_silence()

from .reader import DEFAULT_MAX_BYTES, read_bytes, read_file, read_path  # noqa: E402, F401
