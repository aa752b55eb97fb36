"""Call activity: call history, call elements, call logs, recordings and voicemails (written by
the call simulator, read by the call-log, recording, voicemail, metrics and report operations)

Revision ID: 0005_activity
Revises: 0004_phone_core, 0004_webhooks (a merge point of the two heads)
"""
import sqlalchemy as sa
from alembic import op

revision = "0005_activity"
down_revision = ("0004_phone_core", "0004_webhooks")
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('call_elements',
    sa.Column('pk', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('account_id', sa.String(length=64), nullable=False),
    sa.Column('history_id', sa.String(length=64), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('data', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_call_elements_account_id_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('pk', name=op.f('pk_call_elements')),
    sa.UniqueConstraint('id', name=op.f('uq_call_elements_id'))
    )
    op.create_index(op.f('ix_call_elements_history_id'), 'call_elements', ['history_id'], unique=False)
    op.create_table('call_history',
    sa.Column('pk', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('account_id', sa.String(length=64), nullable=False),
    sa.Column('call_id', sa.String(length=32), nullable=False),
    sa.Column('sort_key', sa.String(length=96), nullable=False),
    sa.Column('start_ts', sa.BigInteger(), nullable=False),
    sa.Column('end_ts', sa.BigInteger(), nullable=False),
    sa.Column('duration', sa.Integer(), server_default='0', nullable=False),
    sa.Column('direction', sa.String(length=16), nullable=False),
    sa.Column('connect_type', sa.String(length=16), nullable=False),
    sa.Column('result', sa.String(length=32), nullable=False),
    sa.Column('site_id', sa.String(length=64), nullable=True),
    sa.Column('queue_id', sa.String(length=64), nullable=True),
    sa.Column('wait_time', sa.Integer(), server_default='0', nullable=False),
    sa.Column('mos', sa.Integer(), server_default='0', nullable=False),
    sa.Column('keywords', sa.Text(), server_default='', nullable=False),
    sa.Column('client_code', sa.String(length=32), nullable=True),
    sa.Column('data', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_call_history_account_id_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('pk', name=op.f('pk_call_history')),
    sa.UniqueConstraint('id', name=op.f('uq_call_history_id'))
    )
    op.create_index('ix_call_history_account_sort_key', 'call_history', ['account_id', 'sort_key'], unique=False)
    op.create_index(op.f('ix_call_history_call_id'), 'call_history', ['call_id'], unique=False)
    op.create_table('call_logs',
    sa.Column('pk', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('account_id', sa.String(length=64), nullable=False),
    sa.Column('owner_id', sa.String(length=64), nullable=False),
    sa.Column('owner_type', sa.String(length=32), nullable=False),
    sa.Column('history_id', sa.String(length=64), nullable=False),
    sa.Column('call_id', sa.String(length=32), nullable=False),
    sa.Column('sort_key', sa.String(length=96), nullable=False),
    sa.Column('start_ts', sa.BigInteger(), nullable=False),
    sa.Column('end_ts', sa.BigInteger(), nullable=False),
    sa.Column('direction', sa.String(length=16), nullable=False),
    sa.Column('path', sa.String(length=32), nullable=False),
    sa.Column('missed', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('site_id', sa.String(length=64), nullable=True),
    sa.Column('numbers', sa.Text(), server_default='', nullable=False),
    sa.Column('charge_micros', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('client_code', sa.String(length=32), nullable=True),
    sa.Column('data', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_call_logs_account_id_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('pk', name=op.f('pk_call_logs')),
    sa.UniqueConstraint('id', name=op.f('uq_call_logs_id'))
    )
    op.create_index('ix_call_logs_account_sort_key', 'call_logs', ['account_id', 'sort_key'], unique=False)
    op.create_index('ix_call_logs_owner_sort_key', 'call_logs', ['owner_id', 'sort_key'], unique=False)
    op.create_table('call_recordings',
    sa.Column('pk', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('account_id', sa.String(length=64), nullable=False),
    sa.Column('owner_id', sa.String(length=64), nullable=False),
    sa.Column('owner_type', sa.String(length=32), nullable=False),
    sa.Column('history_id', sa.String(length=64), nullable=False),
    sa.Column('call_log_id', sa.String(length=64), nullable=True),
    sa.Column('sort_key', sa.String(length=96), nullable=False),
    sa.Column('start_ts', sa.BigInteger(), nullable=False),
    sa.Column('duration', sa.Integer(), nullable=False),
    sa.Column('recording_type', sa.String(length=16), nullable=False),
    sa.Column('site_id', sa.String(length=64), nullable=True),
    sa.Column('seed', sa.BigInteger(), nullable=False),
    sa.Column('transcript', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('auto_delete_enable', sa.Boolean(), server_default='1', nullable=False),
    sa.Column('deleted_ts', sa.BigInteger(), nullable=True),
    sa.Column('data', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_call_recordings_account_id_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('pk', name=op.f('pk_call_recordings')),
    sa.UniqueConstraint('id', name=op.f('uq_call_recordings_id'))
    )
    op.create_index('ix_call_recordings_account_sort_key', 'call_recordings', ['account_id', 'sort_key'], unique=False)
    op.create_index(op.f('ix_call_recordings_call_log_id'), 'call_recordings', ['call_log_id'], unique=False)
    op.create_index('ix_call_recordings_owner_sort_key', 'call_recordings', ['owner_id', 'sort_key'], unique=False)
    op.create_table('voicemails',
    sa.Column('pk', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('account_id', sa.String(length=64), nullable=False),
    sa.Column('owner_id', sa.String(length=64), nullable=False),
    sa.Column('owner_type', sa.String(length=32), nullable=False),
    sa.Column('history_id', sa.String(length=64), nullable=False),
    sa.Column('call_log_id', sa.String(length=64), nullable=True),
    sa.Column('sort_key', sa.String(length=96), nullable=False),
    sa.Column('start_ts', sa.BigInteger(), nullable=False),
    sa.Column('duration', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), server_default='unread', nullable=False),
    sa.Column('seed', sa.BigInteger(), nullable=False),
    sa.Column('deleted_ts', sa.BigInteger(), nullable=True),
    sa.Column('data', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_voicemails_account_id_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('pk', name=op.f('pk_voicemails')),
    sa.UniqueConstraint('id', name=op.f('uq_voicemails_id'))
    )
    op.create_index('ix_voicemails_account_sort_key', 'voicemails', ['account_id', 'sort_key'], unique=False)
    op.create_index(op.f('ix_voicemails_call_log_id'), 'voicemails', ['call_log_id'], unique=False)
    op.create_index('ix_voicemails_owner_sort_key', 'voicemails', ['owner_id', 'sort_key'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_voicemails_owner_sort_key', table_name='voicemails')
    op.drop_index(op.f('ix_voicemails_call_log_id'), table_name='voicemails')
    op.drop_index('ix_voicemails_account_sort_key', table_name='voicemails')
    op.drop_table('voicemails')
    op.drop_index('ix_call_recordings_owner_sort_key', table_name='call_recordings')
    op.drop_index(op.f('ix_call_recordings_call_log_id'), table_name='call_recordings')
    op.drop_index('ix_call_recordings_account_sort_key', table_name='call_recordings')
    op.drop_table('call_recordings')
    op.drop_index('ix_call_logs_owner_sort_key', table_name='call_logs')
    op.drop_index('ix_call_logs_account_sort_key', table_name='call_logs')
    op.drop_table('call_logs')
    op.drop_index(op.f('ix_call_history_call_id'), table_name='call_history')
    op.drop_index('ix_call_history_account_sort_key', table_name='call_history')
    op.drop_table('call_history')
    op.drop_index(op.f('ix_call_elements_history_id'), table_name='call_elements')
    op.drop_table('call_elements')
