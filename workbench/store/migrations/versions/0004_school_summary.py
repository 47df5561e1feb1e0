"""school summary: what the school list shows, stored on the schools row at import (issue 13)

The list used to parse every school's newest manifest on each call (51 ms at 200 schools).
The columns below are written by `Workspace.add_package_version` and backfilled here from
each school's newest package version.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 12:30:00
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def _item_count(rubric_id: Any, cache: dict[Any, int | None]) -> int | None:
    """Items in the bundled rubric `rubric_id`; None when this workbench does not have it."""
    if rubric_id not in cache:
        from workbench.errors import WorkbenchError
        from workbench.rubric import load_rubric

        try:
            cache[rubric_id] = len(load_rubric(str(rubric_id)).items)
        except WorkbenchError:
            cache[rubric_id] = None
    return cache[rubric_id]


def upgrade() -> None:
    with op.batch_alter_table('schools', schema=None) as batch_op:
        batch_op.add_column(sa.Column('stage', sa.String(), nullable=True))
        batch_op.add_column(sa.Column('package_version', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('application_type', sa.String(), nullable=True))
        batch_op.add_column(sa.Column('item_count', sa.Integer(), nullable=True))
    conn = op.get_bind()
    newest = conn.execute(sa.text(
        "SELECT pv.school_code, pv.version, pv.manifest_json FROM package_versions pv "
        "WHERE pv.version = (SELECT max(p2.version) FROM package_versions p2 "
        "WHERE p2.school_code = pv.school_code)")).all()
    rubrics: dict[Any, int | None] = {}
    for code, version, manifest_json in newest:
        m = json.loads(manifest_json)
        application = m.get("application") or {}
        conn.execute(sa.text(
            "UPDATE schools SET stage = :stage, package_version = :version, application_type = :app, "
            "item_count = :items WHERE code = :code"),
            {"stage": (m.get("school") or {}).get("stage"), "version": version, "app": application.get("type"),
             "items": _item_count(m.get("rubric"), rubrics), "code": code})


def downgrade() -> None:
    with op.batch_alter_table('schools', schema=None) as batch_op:
        batch_op.drop_column('item_count')
        batch_op.drop_column('application_type')
        batch_op.drop_column('package_version')
        batch_op.drop_column('stage')
