"""Storage shared by the review service (``api/``) and batch runs (``pipelines/batch/``).

SQLite under the data dir by default, PostgreSQL when ``BAOMI_DATABASE_URL``
(or ``url=``) says ``postgresql+psycopg://...``.  The schema is created and
upgraded by Alembic on every :meth:`Store.open`, so a fresh machine needs no
setup step.  Reports, drafts and names are encrypted with Fernet
(``BAOMI_SECRET_KEY``); only hashes, verdicts, counts and dates are in clear.

API (every method commits before it returns; records are plain dataclasses
from ``pipelines.store.records``)::

    store = Store.open(data_dir=None, url=None, secret_key=None, dev=False,
                       keep_drafts=False, draft_retention_days=30, report_retention_days=365)
        # data_dir: default BAOMI_DATA_DIR, else ~/.local/share/baomi (XDG); url: default BAOMI_DATABASE_URL
        # secret_key: default BAOMI_SECRET_KEY; without one BaomiError('config') unless dev=True
        # (dev keeps a generated key in DATA_DIR/dev-secret.key)

    # scans
    scan_id = store.save_report(report_dict, department="", source="batch", batch_id=None, user=None,
                                draft=None, name=None, etag=None, last_modified=None, linked_from=None)
        # with batch_id also records a batch item (status "scanned", content_hash = report sha256)
    scan_id = store.save_error(name, error_dict, department="", batch_id=None, source="batch",
                               content_hash=None, etag=None, last_modified=None, linked_from=None)
        # error_dict: BaomiError.to_dict() or .record(); with batch_id records an item with status "error"
    store.get_scan(scan_id, user) -> ScanRecord | None     # user=None: trusted caller; else None if not visible
    store.list_scans(user, limit=50) -> list[ScanRecord]    # ScanRecord.report is None in listings

    # batch / crawl runs
    batch_id = store.start_batch(source, kind="batch"|"crawl", department="", options=None, batch_id=None)
    store.finish_batch(batch_id, status="done"|"aborted")
    store.get_batch(batch_id) / store.last_batch(source=None, kind=None) -> dict | None
    store.record_item(batch_id, name, status, content_hash=None, etag=None, last_modified=None,
                      scan_id=None, verdict=None, error_code=None, linked_from=None)   # "unchanged", "skipped"
    store.batch_items(batch_id) -> list[ItemState]          # what a --resume run has already done
    store.last_item(name, before_batch=None) -> ItemState | None   # previous hash / ETag / Last-Modified

    # accounts, workflow, register, audit, retention (used by api/ and cli/users.py)
    store.add_user / list_users / get_user / disable_user / set_password / login
    store.create_token(name) -> (token_id, token) / revoke_token / user_for_token
    store.create_session / user_for_session / end_session
    store.create_submission / get_submission / list_submissions / transition / list_publications
    store.audit(actor, action, object_type, object_id, sha256=None, verdict=None, details=None)  # masked, append-only
    store.purge(now=None) -> counts;  store.close()
"""
from .records import ItemState, PublicationRecord, ScanRecord, SubmissionRecord, Transition, UserInfo  # noqa: F401
from .store import ENV_DATA_DIR, ENV_DATABASE_URL, Store, default_data_dir, migrate  # noqa: F401

__all__ = ["Store", "ScanRecord", "SubmissionRecord", "PublicationRecord", "ItemState", "Transition", "UserInfo",
           "default_data_dir", "migrate", "ENV_DATA_DIR", "ENV_DATABASE_URL"]
