"""appointments, locations, products, desk units, audit trail

Revision ID: 0001
Revises: 
Create Date: 2026-11-22 08:13:23.015451
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('locations',
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('desks', sa.Integer(), nullable=False),
    sa.CheckConstraint("kind in ('balie', 'popup')", name='ck_locations_kind'),
    sa.CheckConstraint('desks > 0', name='ck_locations_desks'),
    sa.PrimaryKeyConstraint('code')
    )
    op.create_table('products',
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=False),
    sa.CheckConstraint('duration_minutes > 0', name='ck_products_duration'),
    sa.PrimaryKeyConstraint('code')
    )
    op.create_table('appointments',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('reference', sa.String(length=16), nullable=False),
    sa.Column('product_code', sa.String(length=40), nullable=False),
    sa.Column('location_code', sa.String(length=40), nullable=False),
    sa.Column('desk', sa.Integer(), nullable=False),
    sa.Column('start_at', sa.DateTime(), nullable=False),
    sa.Column('end_at', sa.DateTime(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('changed_at', sa.DateTime(), nullable=True),
    sa.Column('cancelled_at', sa.DateTime(), nullable=True),
    sa.Column('reminder_sent_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("status in ('booked', 'cancelled')", name='ck_appointments_status'),
    sa.CheckConstraint('email is not null or phone is not null', name='ck_appointments_contact'),
    sa.CheckConstraint('end_at > start_at', name='ck_appointments_times'),
    sa.ForeignKeyConstraint(['location_code'], ['locations.code'], ),
    sa.ForeignKeyConstraint(['product_code'], ['products.code'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('reference')
    )
    with op.batch_alter_table('appointments', schema=None) as batch_op:
        batch_op.create_index('ix_appointments_location_start', ['location_code', 'start_at'], unique=False)
        batch_op.create_index('ix_appointments_start_status', ['start_at', 'status'], unique=False)

    op.create_table('location_products',
    sa.Column('location_code', sa.String(length=40), nullable=False),
    sa.Column('product_code', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['location_code'], ['locations.code'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['product_code'], ['products.code'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('location_code', 'product_code')
    )
    op.create_table('appointment_events',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('appointment_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('details', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['appointment_id'], ['appointments.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('appointment_events', schema=None) as batch_op:
        batch_op.create_index('ix_appointment_events_appointment', ['appointment_id'], unique=False)

    op.create_table('desk_units',
    sa.Column('location_code', sa.String(length=40), nullable=False),
    sa.Column('desk', sa.Integer(), nullable=False),
    sa.Column('unit_start', sa.Integer(), nullable=False),
    sa.Column('appointment_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['appointment_id'], ['appointments.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['location_code'], ['locations.code'], ),
    sa.PrimaryKeyConstraint('location_code', 'desk', 'unit_start')
    )
    with op.batch_alter_table('desk_units', schema=None) as batch_op:
        batch_op.create_index('ix_desk_units_appointment', ['appointment_id'], unique=False)
        batch_op.create_index('ix_desk_units_location_unit', ['location_code', 'unit_start'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('desk_units', schema=None) as batch_op:
        batch_op.drop_index('ix_desk_units_location_unit')
        batch_op.drop_index('ix_desk_units_appointment')

    op.drop_table('desk_units')
    with op.batch_alter_table('appointment_events', schema=None) as batch_op:
        batch_op.drop_index('ix_appointment_events_appointment')

    op.drop_table('appointment_events')
    op.drop_table('location_products')
    with op.batch_alter_table('appointments', schema=None) as batch_op:
        batch_op.drop_index('ix_appointments_start_status')
        batch_op.drop_index('ix_appointments_location_start')

    op.drop_table('appointments')
    op.drop_table('products')
    op.drop_table('locations')
