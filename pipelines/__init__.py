"""Reading documents into located text parts, and running scans over many of them.

Uses ``scanner``; never imported by it.
"""
from .reader import DEFAULT_MAX_BYTES, read_bytes, read_path  # noqa: F401
