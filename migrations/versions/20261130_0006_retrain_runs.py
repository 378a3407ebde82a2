"""retrain runs: progress, outcome and overrides of every retrain, one active at a time

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 02:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('retrain_runs',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('started_by', sa.String(length=100), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.Column('progress', sa.Text(), server_default='[]', nullable=False),
    sa.Column('summary', sa.Text(), server_default='{}', nullable=False),
    sa.Column('candidate_model', sa.String(length=100), nullable=True),
    sa.Column('live_model_before', sa.String(length=100), nullable=True),
    sa.Column('report_path', sa.Text(), nullable=True),
    sa.Column('override_requested', sa.Boolean(), server_default=sa.text('false'), nullable=False),
    sa.Column('override_by', sa.String(length=100), nullable=True),
    sa.Column('override_reason', sa.Text(), nullable=True),
    sa.Column('override_at', sa.DateTime(), nullable=True),
    sa.Column('active_slot', sa.Integer(), nullable=True),
    sa.CheckConstraint("status in ('queued', 'running', 'passed', 'refused', 'deployed', 'failed', 'rolled_back')",
                       name='ck_retrain_runs_status'),
    sa.CheckConstraint('active_slot is null or active_slot = 1', name='ck_retrain_runs_active_slot'),
    sa.CheckConstraint('override_by is null or override_reason is not null', name='ck_retrain_runs_override'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('active_slot')
    )
    op.create_index('ix_retrain_runs_started', 'retrain_runs', ['started_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_retrain_runs_started', table_name='retrain_runs')
    op.drop_table('retrain_runs')
