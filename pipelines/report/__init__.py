"""Turning a report into what a person reads: terminal text, HTML, annotated and redacted copies."""
