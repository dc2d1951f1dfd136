"""Alembic environment: always run programmatically by ``pipelines.store.migrate`` with an open connection."""
from alembic import context

from pipelines.store.models import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
