"""outbox: the hub's own Chinese message beside the error code and the English line (issue 11)

A hub newer than this workbench may refuse an entry with a code the window has no words for;
its JSON error carries `message.zh` (docs/sync-protocol.md). The outbox kept only the code and
the English line, so the outbox table of a Chinese window had no Chinese to show for it.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27 17:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('error_message_zh', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_column('error_message_zh')
