"""The hub's initial schema (tables of workbench.sync.hub.models) and the "seq" counter.

Revision ID: 0001
Revises:
Create Date: 2026-11-27 09:21:03.466179
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('assignments',
    sa.Column('school', sa.String(length=64), nullable=False),
    sa.Column('panel', sa.String(length=200), nullable=False),
    sa.Column('hash', sa.String(length=71), nullable=False),
    sa.Column('county', sa.String(length=200), nullable=True),
    sa.PrimaryKeyConstraint('school')
    )
    op.create_table('changes',
    sa.Column('seq', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('item_id', sa.String(length=128), nullable=False),
    sa.Column('hash', sa.String(length=71), nullable=False),
    sa.Column('school', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('seq')
    )
    with op.batch_alter_table('changes', schema=None) as batch_op:
        batch_op.create_index('ix_changes_school_seq', ['school', 'seq'], unique=False)

    counters = op.create_table('counters',
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('name')
    )
    op.bulk_insert(counters, [{"name": "seq", "value": 0}])
    op.create_table('documents',
    sa.Column('hash', sa.String(length=71), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('item_id', sa.String(length=128), nullable=False),
    sa.Column('school', sa.String(length=64), nullable=True),
    sa.Column('signer', sa.String(length=64), nullable=True),
    sa.Column('requester', sa.String(length=64), nullable=True),
    sa.Column('arrived_at', sa.String(length=20), nullable=False),
    sa.Column('body', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('hash')
    )
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_documents_school'), ['school'], unique=False)

    op.create_table('enrollments',
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('certificate', sa.Text(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('org', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('not_before', sa.BigInteger(), nullable=False),
    sa.Column('not_after', sa.BigInteger(), nullable=False),
    sa.Column('enrolled_at', sa.String(length=20), nullable=False),
    sa.Column('revoked_at', sa.String(length=20), nullable=True),
    sa.PrimaryKeyConstraint('fingerprint')
    )
    op.create_table('nonces',
    sa.Column('nonce', sa.String(length=128), nullable=False),
    sa.Column('keyid', sa.String(length=64), nullable=False),
    sa.Column('created', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('nonce')
    )
    with op.batch_alter_table('nonces', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_nonces_created'), ['created'], unique=False)

    op.create_table('packages',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('school', sa.String(length=64), nullable=False),
    sa.Column('school_name', sa.Text(), nullable=False),
    sa.Column('county', sa.String(length=200), nullable=True),
    sa.Column('manifest_hash', sa.String(length=71), nullable=False),
    sa.Column('published_at', sa.String(length=20), nullable=False),
    sa.PrimaryKeyConstraint('sha256')
    )
    with op.batch_alter_table('packages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_packages_school'), ['school'], unique=False)

    op.create_table('receipts',
    sa.Column('seq', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('document', sa.String(length=71), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('hash', sa.String(length=71), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('seq'),
    sa.UniqueConstraint('document'),
    sa.UniqueConstraint('hash')
    )
    op.create_table('rubrics',
    sa.Column('hash', sa.String(length=71), nullable=False),
    sa.Column('rubric_id', sa.String(length=128), nullable=False),
    sa.Column('published_at', sa.String(length=20), nullable=False),
    sa.PrimaryKeyConstraint('hash')
    )
    op.create_table('assignment_members',
    sa.Column('school', sa.String(length=64), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['school'], ['assignments.school'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('school', 'fingerprint')
    )
    with op.batch_alter_table('assignment_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assignment_members_fingerprint'), ['fingerprint'], unique=False)

    op.create_table('conflicts',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('reason', sa.String(length=32), nullable=False),
    sa.Column('stored_hash', sa.String(length=71), nullable=False),
    sa.Column('incoming_hash', sa.String(length=71), nullable=False),
    sa.Column('requester', sa.String(length=64), nullable=False),
    sa.Column('arrived_at', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['incoming_hash'], ['documents.hash'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('stored_hash', 'incoming_hash', name='uq_conflict_pair')
    )
    op.create_table('panel_results',
    sa.Column('panel_id', sa.String(length=64), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('school', sa.String(length=64), nullable=False),
    sa.Column('panel_hash', sa.String(length=71), nullable=False),
    sa.Column('hash', sa.String(length=71), nullable=False),
    sa.Column('chair', sa.String(length=64), nullable=False),
    sa.Column('signers', sa.Text(), nullable=False),
    sa.Column('final', sa.Boolean(), nullable=False),
    sa.Column('total', sa.String(length=16), nullable=False),
    sa.Column('outcome', sa.String(length=32), nullable=False),
    sa.Column('arrived_at', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['hash'], ['documents.hash'], ),
    sa.PrimaryKeyConstraint('panel_id', 'revision')
    )
    with op.batch_alter_table('panel_results', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_panel_results_school'), ['school'], unique=False)

    op.create_table('sheets',
    sa.Column('sheet_id', sa.String(length=64), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('hash', sa.String(length=71), nullable=False),
    sa.Column('reviewer', sa.String(length=64), nullable=False),
    sa.Column('school', sa.String(length=64), nullable=False),
    sa.Column('supersedes', sa.String(length=71), nullable=True),
    sa.Column('total', sa.String(length=16), nullable=False),
    sa.Column('outcome', sa.String(length=32), nullable=False),
    sa.Column('provisional', sa.Boolean(), nullable=False),
    sa.Column('arrived_at', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['hash'], ['documents.hash'], ),
    sa.PrimaryKeyConstraint('sheet_id', 'revision'),
    sa.UniqueConstraint('hash')
    )
    with op.batch_alter_table('sheets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sheets_reviewer'), ['reviewer'], unique=False)
        batch_op.create_index(batch_op.f('ix_sheets_school'), ['school'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('sheets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sheets_school'))
        batch_op.drop_index(batch_op.f('ix_sheets_reviewer'))

    op.drop_table('sheets')
    with op.batch_alter_table('panel_results', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_panel_results_school'))

    op.drop_table('panel_results')
    op.drop_table('conflicts')
    with op.batch_alter_table('assignment_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assignment_members_fingerprint'))

    op.drop_table('assignment_members')
    op.drop_table('rubrics')
    op.drop_table('receipts')
    with op.batch_alter_table('packages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_packages_school'))

    op.drop_table('packages')
    with op.batch_alter_table('nonces', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_nonces_created'))

    op.drop_table('nonces')
    op.drop_table('enrollments')
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_documents_school'))

    op.drop_table('documents')
    op.drop_table('counters')
    with op.batch_alter_table('changes', schema=None) as batch_op:
        batch_op.drop_index('ix_changes_school_seq')

    op.drop_table('changes')
    op.drop_table('assignments')
