"""website chat and escalation: message feedback, idempotent resident messages, callback
requests, and appointments that carry agencies and an attached transcript

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 01:30:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A widget that lost its connection sends the same message again with the same client id;
    # the database keeps it once.
    with op.batch_alter_table('conversation_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('client_id', sa.String(length=64), nullable=True))
        batch_op.create_index('uq_conversation_messages_client_id', ['conversation_id', 'client_id'], unique=True)

    op.create_table('message_feedback',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('conversation_id', sa.String(length=36), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('helpful', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['conversation_id'], ['conversations.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('conversation_id', 'seq', name='uq_message_feedback_message')
    )

    op.create_table('callback_requests',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('conversation_id', sa.String(length=36), nullable=True),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('topic', sa.String(length=100), nullable=True),
    sa.Column('preferred_time', sa.String(length=100), nullable=True),
    sa.Column('status', sa.String(length=10), server_default='open', nullable=False),
    sa.Column('requested_at', sa.DateTime(), nullable=False),
    sa.Column('handled_at', sa.DateTime(), nullable=True),
    sa.Column('handled_by', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.CheckConstraint("status in ('open', 'done')", name='ck_callback_requests_status'),
    sa.CheckConstraint("status != 'done' or handled_at is not null", name='ck_callback_requests_done'),
    sa.ForeignKeyConstraint(['conversation_id'], ['conversations.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['handled_by'], ['staff_accounts.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('callback_requests', schema=None) as batch_op:
        batch_op.create_index('ix_callback_requests_status_requested', ['status', 'requested_at'], unique=False)

    op.create_table('appointment_agencies',
    sa.Column('appointment_id', sa.Integer(), nullable=False),
    sa.Column('agency_code', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['appointment_id'], ['appointments.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('appointment_id', 'agency_code')
    )
    with op.batch_alter_table('appointment_agencies', schema=None) as batch_op:
        batch_op.create_index('ix_appointment_agencies_agency', ['agency_code'], unique=False)

    op.create_table('appointment_transcripts',
    sa.Column('appointment_id', sa.Integer(), nullable=False),
    sa.Column('conversation_id', sa.String(length=36), nullable=True),
    sa.Column('consent_at', sa.DateTime(), nullable=False),
    sa.Column('messages', sa.Text(), nullable=False),
    sa.Column('attached_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['appointment_id'], ['appointments.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('appointment_id')
    )


def downgrade() -> None:
    op.drop_table('appointment_transcripts')
    op.drop_table('appointment_agencies')
    op.drop_table('callback_requests')
    op.drop_table('message_feedback')
    with op.batch_alter_table('conversation_messages', schema=None) as batch_op:
        batch_op.drop_index('uq_conversation_messages_client_id')
        batch_op.drop_column('client_id')
