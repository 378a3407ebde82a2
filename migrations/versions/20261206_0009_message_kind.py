"""message kind: a bot message that is a form's question or a booking's confirmation

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 19:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # NULL for an answer; "question" (no thumbs under it) or "confirmation" (the widget's card)
    with op.batch_alter_table('conversation_messages') as batch:
        batch.add_column(sa.Column('kind', sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('conversation_messages') as batch:
        batch.drop_column('kind')
