"""small blobs: package entries of at most 64 KiB kept in the database (issue 13)

Creating, fsyncing and renaming one file (and its fan-out folders) per small evidence file
cost ~1 ms each: a package of 2,000 small files imported at 0.17x the verify rate. Their
bytes now go into this table instead, in a few transactions (workbench/store/blobdb.py).
Existing blobs stay where they are: every reader looks in `blobs/` first, then here.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 15:05:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'small_blobs',
        sa.Column('sha256', sa.String(), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint('sha256'),
    )


def downgrade() -> None:
    op.drop_table('small_blobs')
