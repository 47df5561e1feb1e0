"""The hub: one server for the bureau (PostgreSQL) and for a panel on a school's LAN (SQLite).

FastAPI + uvicorn over SQLAlchemy 2 with its own Alembic migrations; blobs on disk,
content-addressed. The process holds no state of its own: every uniqueness rule (sheet
key, document hash, nonce, receipt sequence) is enforced by the database, so several
workers behave as one. docs/sync-protocol.md is the protocol; `app.create_app` the server.
"""
