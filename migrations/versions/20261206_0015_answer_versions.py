"""answer versions: every text the answer editor saved in content/antwoorden.yml, with who and when

Revision ID: 0015
Revises: 0010
Create Date: 2026-12-06 22:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0015'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('answer_versions',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('answer_key', sa.String(length=200), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.Column('author', sa.String(length=100), nullable=True),
    sa.Column('restored_from', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("source in ('file', 'editor', 'restore')", name='ck_answer_versions_source'),
    sa.CheckConstraint("source = 'file' or author is not null", name='ck_answer_versions_author'),
    sa.CheckConstraint("(source = 'restore') = (restored_from is not null)", name='ck_answer_versions_restored'),
    sa.CheckConstraint('version > 0', name='ck_answer_versions_version'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('answer_key', 'version', name='uq_answer_versions_key_version')
    )


def downgrade() -> None:
    op.drop_table('answer_versions')
