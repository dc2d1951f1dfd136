"""baomi's scanning engine: pure text in, findings and a verdict out.

Nothing in this package reads files of a document format, talks to a
database or the network: that is ``pipelines/``, ``api/`` and ``cli/``.
"""
__version__ = "0.1.0"

from .errors import BaomiError  # noqa: E402
from .model import Document, Finding, Hit, Part  # noqa: E402
from .scanner import Report, ScanOptions, Scanner  # noqa: E402

__all__ = ["BaomiError", "Document", "Finding", "Hit", "Part", "Report", "ScanOptions", "Scanner", "__version__"]
