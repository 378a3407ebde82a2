"""appointment language: the conversation's language at booking, so reminders and later mails use it

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07 01:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # "nl" (the default, and every appointment booked before English existed) or "en"
    with op.batch_alter_table('appointments') as batch:
        batch.add_column(sa.Column('taal', sa.String(length=8), nullable=False, server_default='nl'))


def downgrade() -> None:
    with op.batch_alter_table('appointments') as batch:
        batch.drop_column('taal')
