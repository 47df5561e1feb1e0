"""panel: collected member sheets and the workspace's trust roots (issue 9)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 09:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('trust_roots',
    sa.Column('fingerprint', sa.String(), nullable=False),
    sa.Column('certificate', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('added_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('fingerprint')
    )
    op.create_table('panel_sheets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sheet_hash', sa.String(), nullable=False),
    sa.Column('school_code', sa.String(), nullable=False),
    sa.Column('manifest_hash', sa.String(), nullable=False),
    sa.Column('reviewer_fp', sa.String(), nullable=False),
    sa.Column('reviewer_name', sa.String(), nullable=False),
    sa.Column('sheet_id', sa.String(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('supersedes', sa.String(), nullable=True),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('source_name', sa.String(), nullable=False),
    sa.Column('added_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['school_code'], ['schools.code'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('sheet_hash')
    )
    with op.batch_alter_table('panel_sheets', schema=None) as batch_op:
        batch_op.create_index('ix_panel_sheets_school', ['school_code', 'reviewer_fp'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('panel_sheets', schema=None) as batch_op:
        batch_op.drop_index('ix_panel_sheets_school')
    op.drop_table('panel_sheets')
    op.drop_table('trust_roots')
