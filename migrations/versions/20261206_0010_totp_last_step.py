"""staff accounts remember the time step of the last accepted code (no replay, RFC 6238 5.2);
staff sessions keep the browser they were started from (the sessions page)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 20:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('staff_accounts') as batch:
        batch.add_column(sa.Column('totp_last_step', sa.BigInteger(), nullable=True))
    with op.batch_alter_table('staff_sessions') as batch:
        batch.add_column(sa.Column('user_agent', sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('staff_sessions') as batch:
        batch.drop_column('user_agent')
    with op.batch_alter_table('staff_accounts') as batch:
        batch.drop_column('totp_last_step')
