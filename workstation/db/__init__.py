"""Persistence: SQLAlchemy 2 typed ORM, Alembic migrations, SQLite and PostgreSQL engines."""
