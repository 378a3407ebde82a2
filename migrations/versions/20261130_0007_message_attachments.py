"""message attachments: a file the bot sent with a message (the appointment's calendar file)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 03:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # JSON {filename, mime_type, content}; it goes with its message (the table's cascade)
    with op.batch_alter_table('conversation_messages') as batch:
        batch.add_column(sa.Column('attachment', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('conversation_messages') as batch:
        batch.drop_column('attachment')
