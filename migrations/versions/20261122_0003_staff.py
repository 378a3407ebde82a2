"""staff accounts, their sessions, and handovers of conversations to a person

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 12:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

_OPEN_HANDOVER = sa.text("status in ('waiting', 'taken')")


def upgrade() -> None:
    op.create_table('staff_accounts',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('display_name', sa.String(length=100), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('roles', sa.Text(), server_default='', nullable=False),
    sa.Column('active', sa.Boolean(), server_default=sa.text('true'), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('length(username) between 3 and 64', name='ck_staff_accounts_username'),
    sa.CheckConstraint('length(display_name) > 0', name='ck_staff_accounts_display_name'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('username')
    )
    op.create_table('staff_sessions',
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('csrf_token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('expires_at > created_at', name='ck_staff_sessions_times'),
    sa.ForeignKeyConstraint(['account_id'], ['staff_accounts.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('token_hash')
    )
    with op.batch_alter_table('staff_sessions', schema=None) as batch_op:
        batch_op.create_index('ix_staff_sessions_account', ['account_id'], unique=False)
        batch_op.create_index('ix_staff_sessions_expires', ['expires_at'], unique=False)

    op.create_table('handovers',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('conversation_id', sa.String(length=36), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('topic', sa.String(length=100), nullable=True),
    sa.Column('requested_at', sa.DateTime(), nullable=False),
    sa.Column('taken_at', sa.DateTime(), nullable=True),
    sa.Column('taken_by', sa.Integer(), nullable=True),
    sa.Column('released_at', sa.DateTime(), nullable=True),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('summary', sa.Text(), nullable=True),
    sa.CheckConstraint("status in ('waiting', 'taken', 'released', 'closed')", name='ck_handovers_status'),
    sa.CheckConstraint("status != 'taken' or (taken_at is not null and taken_by is not null)",
                       name='ck_handovers_taken'),
    sa.CheckConstraint("status != 'released' or released_at is not null", name='ck_handovers_released'),
    sa.CheckConstraint("status != 'closed' or closed_at is not null", name='ck_handovers_closed'),
    sa.ForeignKeyConstraint(['conversation_id'], ['conversations.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['taken_by'], ['staff_accounts.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    # At most one open handover per conversation: a partial unique index (SQLite and PostgreSQL).
    with op.batch_alter_table('handovers', schema=None) as batch_op:
        batch_op.create_index('uq_handovers_open', ['conversation_id'], unique=True,
                              sqlite_where=_OPEN_HANDOVER, postgresql_where=_OPEN_HANDOVER)
        batch_op.create_index('ix_handovers_conversation', ['conversation_id'], unique=False)
        batch_op.create_index('ix_handovers_status_requested', ['status', 'requested_at'], unique=False)


def downgrade() -> None:
    op.drop_table('handovers')
    op.drop_table('staff_sessions')
    op.drop_table('staff_accounts')
