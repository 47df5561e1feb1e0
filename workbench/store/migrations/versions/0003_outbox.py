"""outbox: signed documents waiting for the hub, and documents received by sync (issue 11)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 10:15:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(), nullable=False),
    sa.Column('doc_hash', sa.String(), nullable=False),
    sa.Column('school', sa.String(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('blobs', sa.Text(), nullable=False),
    sa.Column('state', sa.String(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('error_code', sa.String(), nullable=True),
    sa.Column('error_message', sa.Text(), nullable=True),
    sa.Column('receipt', sa.Text(), nullable=True),
    sa.Column('hub_version', sa.Text(), nullable=True),
    sa.Column('deliveries', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('doc_hash')
    )
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.create_index('ix_outbox_state', ['state'], unique=False)
    op.create_table('sync_documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('doc_hash', sa.String(), nullable=False),
    sa.Column('kind', sa.String(), nullable=False),
    sa.Column('school', sa.String(), nullable=True),
    sa.Column('source', sa.String(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('doc_hash')
    )
    with op.batch_alter_table('sync_documents', schema=None) as batch_op:
        batch_op.create_index('ix_sync_documents_school', ['school', 'kind'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('sync_documents', schema=None) as batch_op:
        batch_op.drop_index('ix_sync_documents_school')
    op.drop_table('sync_documents')
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_state')
    op.drop_table('outbox')
