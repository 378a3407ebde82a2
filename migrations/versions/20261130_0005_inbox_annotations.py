"""content owners' decisions on messages the assistant missed (the inbox)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 02:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('inbox_annotations',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('text_key', sa.String(length=500), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('decision', sa.String(length=10), nullable=False),
    sa.Column('intent', sa.String(length=100), nullable=True),
    sa.Column('topic', sa.String(length=100), nullable=True),
    sa.Column('outcome', sa.String(length=40), nullable=False),
    sa.Column('written_to', sa.String(length=200), nullable=True),
    sa.Column('annotated_by', sa.Integer(), nullable=True),
    sa.Column('annotated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("decision in ('intent', 'new_topic', 'ignore')", name='ck_inbox_annotations_decision'),
    sa.CheckConstraint("decision != 'intent' or intent is not null", name='ck_inbox_annotations_intent'),
    sa.ForeignKeyConstraint(['annotated_by'], ['staff_accounts.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('inbox_annotations', schema=None) as batch_op:
        batch_op.create_index('ix_inbox_annotations_key', ['text_key', 'annotated_at'], unique=False)


def downgrade() -> None:
    op.drop_table('inbox_annotations')
