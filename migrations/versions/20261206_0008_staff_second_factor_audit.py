"""staff second factor, login throttling, session idle timeout, the audit log, appointment actors

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 18:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

_NO_UPDATE_SQLITE = """
CREATE TRIGGER audit_events_append_only BEFORE UPDATE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END
"""
_NO_UPDATE_POSTGRES = ["""
CREATE FUNCTION audit_events_append_only() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'audit_events is append-only'; END $$ LANGUAGE plpgsql
""", """
CREATE TRIGGER audit_events_append_only BEFORE UPDATE ON audit_events
FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()
"""]


def upgrade() -> None:
    with op.batch_alter_table('staff_accounts') as batch:
        batch.add_column(sa.Column('totp_secret', sa.String(length=64), nullable=True))
        batch.add_column(sa.Column('totp_enrolled_at', sa.DateTime(), nullable=True))
    # Sessions gain a public id, the time last seen and the address: open ones end (log in again).
    op.execute("DELETE FROM staff_sessions")
    with op.batch_alter_table('staff_sessions') as batch:
        batch.add_column(sa.Column('public_id', sa.String(length=22), nullable=False))
        batch.add_column(sa.Column('last_seen_at', sa.DateTime(), nullable=False))
        batch.add_column(sa.Column('origin', sa.String(length=64), nullable=True))
        batch.create_unique_constraint('uq_staff_sessions_public_id', ['public_id'])
    with op.batch_alter_table('appointment_events') as batch:
        batch.add_column(sa.Column('actor', sa.String(length=20), server_default='resident', nullable=False))
    op.create_table('staff_recovery_codes',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('used_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['staff_accounts.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_staff_recovery_codes_account', 'staff_recovery_codes', ['account_id'])
    op.create_table('staff_login_failures',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind in ('account', 'address')", name='ck_staff_login_failures_kind'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_staff_login_failures_key', 'staff_login_failures', ['kind', 'key', 'at'])
    op.create_table('audit_events',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('actor_kind', sa.String(length=10), nullable=False),
    sa.Column('actor', sa.String(length=100), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('object_type', sa.String(length=40), nullable=True),
    sa.Column('object_id', sa.String(length=100), nullable=True),
    sa.Column('result', sa.String(length=10), nullable=False),
    sa.Column('origin', sa.String(length=64), nullable=True),
    sa.Column('details', sa.Text(), nullable=True),
    sa.CheckConstraint("actor_kind in ('staff', 'resident', 'system', 'unknown')", name='ck_audit_events_actor_kind'),
    sa.CheckConstraint("result in ('ok', 'refused', 'failed')", name='ck_audit_events_result'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_audit_events_at', 'audit_events', ['at'])
    op.create_index('ix_audit_events_actor', 'audit_events', ['actor', 'at'])
    op.create_index('ix_audit_events_object', 'audit_events', ['object_type', 'object_id'])
    if op.get_bind().dialect.name == 'postgresql':
        for statement in _NO_UPDATE_POSTGRES:
            op.execute(statement)
    else:
        op.execute(_NO_UPDATE_SQLITE)


def downgrade() -> None:
    op.drop_table('audit_events')
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP FUNCTION IF EXISTS audit_events_append_only()")
    op.drop_table('staff_login_failures')
    op.drop_table('staff_recovery_codes')
    with op.batch_alter_table('appointment_events') as batch:
        batch.drop_column('actor')
    with op.batch_alter_table('staff_sessions') as batch:
        batch.drop_constraint('uq_staff_sessions_public_id', type_='unique')
        batch.drop_column('origin')
        batch.drop_column('last_seen_at')
        batch.drop_column('public_id')
    with op.batch_alter_table('staff_accounts') as batch:
        batch.drop_column('totp_enrolled_at')
        batch.drop_column('totp_secret')
