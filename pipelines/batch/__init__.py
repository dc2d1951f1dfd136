"""Batch reviews of what is already published: directory trees, URL lists and same-site crawls.

The pieces, each replaceable: a *source* names items and loads their bytes
(``sources.py``, ``crawl.py`` with ``fetch.py``); an *engine* scans them
inline, in a local process pool or on a Dask cluster (``engines.py``, all
running ``work.scan_bytes``); a *sink* keeps each outcome durably
(``sink.py``, ``store_sink.py``); ``runner.py`` drives them and makes runs
resumable and incremental.  After a run: ``diff.py`` (new/fixed/still
open), ``masking.py`` (masks that combine into a full number) and
``summary.py`` (HTML and CSV).
"""
from .model import Item, Loaded, Outcome, Run, WorkResult  # noqa: F401
from .runner import Aborted, RunResult, config_key, run_batch  # noqa: F401
from .sink import MemorySink, Sink  # noqa: F401
