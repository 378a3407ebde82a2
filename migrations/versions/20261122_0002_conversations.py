"""conversations and their messages, for the resident chat gateway

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 10:02:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('conversations',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=12), server_default='bot', nullable=False),
    sa.Column('locale', sa.String(length=8), server_default='nl', nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_activity_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("status in ('bot', 'waiting', 'taken', 'closed')", name='ck_conversations_status'),
    sa.PrimaryKeyConstraint('id')
    )
    # The unique constraint is also the index for reading a conversation's messages by seq.
    op.create_table('conversation_messages',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('conversation_id', sa.String(length=36), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('sender', sa.String(length=10), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('buttons', sa.Text(), server_default='[]', nullable=False),
    sa.Column('agent_name', sa.String(length=100), nullable=True),
    sa.Column('sent_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("sender in ('resident', 'bot', 'agent', 'system')", name='ck_conversation_messages_sender'),
    sa.CheckConstraint('seq > 0', name='ck_conversation_messages_seq'),
    sa.ForeignKeyConstraint(['conversation_id'], ['conversations.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('conversation_id', 'seq', name='uq_conversation_messages_seq')
    )


def downgrade() -> None:
    op.drop_table('conversation_messages')
    op.drop_table('conversations')
