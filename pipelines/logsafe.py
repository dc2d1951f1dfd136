"""Keep library log lines and warnings, which may quote draft text, out of every log.

pdfminer's WARNING lines quote content-stream operands ("Cannot render
horizontal string because [b'...']"); bs4's warnings quote the markup;
fontTools, PIL and openpyxl print what they could not parse.  None of that
may reach a terminal or the service log, so these loggers are cut off
(no propagation, a null handler) and Python warnings raised inside
libraries are dropped.  Our own loggers (``baomi.*``) log types and
counts only.  Called on import of ``pipelines`` so that scan workers
started by forkserver, which do not share the parent's logging set-up,
are quiet too.
"""
from __future__ import annotations

import logging
import warnings

LIBRARIES = (
    "pdfminer", "pdfplumber", "pypdfium2", "openpyxl", "PIL", "fontTools", "bs4", "charset_normalizer", "chardet",
    "docx", "lxml", "jieba", "spacy", "thinc", "paddle", "LAC", "py.warnings",
)


def silence() -> None:
    for name in LIBRARIES:
        lg = logging.getLogger(name)
        lg.propagate = False
        lg.setLevel(logging.CRITICAL + 1)
        if not any(isinstance(h, logging.NullHandler) for h in lg.handlers):
            lg.addHandler(logging.NullHandler())
    logging.captureWarnings(True)  # warnings go to the silenced py.warnings logger, not to stderr
    # a warning about a document (bs4's MarkupResemblesLocatorWarning quotes it) must never print
    warnings.filterwarnings("ignore", module=r"(bs4|pdfminer|pdfplumber|openpyxl|PIL|fontTools|charset_normalizer)(\..*)?")
