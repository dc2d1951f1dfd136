"""The review service: HTTP API, approval workflow and the web page, over ``pipelines.store``."""
from .app import create_app  # noqa: F401
from .settings import Settings  # noqa: F401
