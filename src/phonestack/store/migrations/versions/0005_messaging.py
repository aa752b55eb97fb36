"""Messaging and insights: SMS sessions, members, messages and attachments, fax files and fax
logs (messaging/), client location reports (insights/)

Revision ID: 0005_messaging
Revises: 0004_phone_core, 0004_webhooks (a merge point of the two heads, beside 0005_activity)
"""
import sqlalchemy as sa
from alembic import op

revision = "0005_messaging"
down_revision = ("0004_phone_core", "0004_webhooks")
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('fax_files',
    sa.Column('pk', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('account_id', sa.String(length=64), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('content_type', sa.String(length=64), nullable=False),
    sa.Column('pages', sa.Integer(), server_default='1', nullable=False),
    sa.Column('created_ts', sa.BigInteger(), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_fax_files_account_id_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('pk', name=op.f('pk_fax_files')),
    sa.UniqueConstraint('id', name=op.f('uq_fax_files_id'))
    )
    op.create_index('ix_fax_files_account_id', 'fax_files', ['account_id'], unique=False)
    op.create_table('fax_logs',
    sa.Column('pk', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('account_id', sa.String(length=64), nullable=False),
    sa.Column('fax_id', sa.String(length=64), nullable=False),
    sa.Column('owner_id', sa.String(length=64), nullable=False),
    sa.Column('direction', sa.String(length=16), nullable=False),
    sa.Column('ts', sa.BigInteger(), nullable=False),
    sa.Column('sort_key', sa.String(length=96), nullable=False),
    sa.Column('file_id', sa.String(length=64), nullable=False),
    sa.Column('pages', sa.Integer(), nullable=False),
    sa.Column('read_status', sa.String(length=16), server_default='unread', nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('fax_type', sa.String(length=16), nullable=False),
    sa.Column('data', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_fax_logs_account_id_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('pk', name=op.f('pk_fax_logs')),
    sa.UniqueConstraint('id', name=op.f('uq_fax_logs_id'))
    )
    op.create_index('ix_fax_logs_account_sort_key', 'fax_logs', ['account_id', 'sort_key'], unique=False)
    op.create_index(op.f('ix_fax_logs_fax_id'), 'fax_logs', ['fax_id'], unique=False)
    op.create_index('ix_fax_logs_owner_sort_key', 'fax_logs', ['owner_id', 'sort_key'], unique=False)
    op.create_table('sms_attachments',
    sa.Column('pk', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('account_id', sa.String(length=64), nullable=False),
    sa.Column('message_id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('content_type', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_sms_attachments_account_id_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('pk', name=op.f('pk_sms_attachments')),
    sa.UniqueConstraint('id', name=op.f('uq_sms_attachments_id'))
    )
    op.create_index(op.f('ix_sms_attachments_message_id'), 'sms_attachments', ['message_id'], unique=False)
    op.create_table('sms_sessions',
    sa.Column('pk', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('account_id', sa.String(length=64), nullable=False),
    sa.Column('session_type', sa.String(length=32), nullable=False),
    sa.Column('owner_id', sa.String(length=64), nullable=False),
    sa.Column('participants', sa.Text(), nullable=False),
    sa.Column('numbers', sa.Text(), server_default='', nullable=False),
    sa.Column('first_ts', sa.BigInteger(), nullable=False),
    sa.Column('last_ts', sa.BigInteger(), nullable=False),
    sa.Column('sort_key', sa.String(length=96), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_sms_sessions_account_id_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('pk', name=op.f('pk_sms_sessions')),
    sa.UniqueConstraint('id', name=op.f('uq_sms_sessions_id'))
    )
    op.create_index('ix_sms_sessions_account_sort_key', 'sms_sessions', ['account_id', 'sort_key'], unique=False)
    op.create_table('sms_messages',
    sa.Column('pk', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('account_id', sa.String(length=64), nullable=False),
    sa.Column('session_id', sa.String(length=64), nullable=False),
    sa.Column('ts', sa.BigInteger(), nullable=False),
    sa.Column('seq_key', sa.String(length=96), nullable=False),
    sa.Column('direction', sa.String(length=8), nullable=False),
    sa.Column('message_type', sa.Integer(), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('segments', sa.Integer(), server_default='1', nullable=False),
    sa.Column('data', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_sms_messages_account_id_accounts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['sms_sessions.id'], name=op.f('fk_sms_messages_session_id_sms_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('pk', name=op.f('pk_sms_messages')),
    sa.UniqueConstraint('id', name=op.f('uq_sms_messages_id'))
    )
    op.create_index('ix_sms_messages_account_ts', 'sms_messages', ['account_id', 'ts'], unique=False)
    op.create_index('ix_sms_messages_session_seq_key', 'sms_messages', ['session_id', 'seq_key'], unique=False)
    op.create_table('sms_session_members',
    sa.Column('pk', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('account_id', sa.String(length=64), nullable=False),
    sa.Column('session_id', sa.String(length=64), nullable=False),
    sa.Column('owner_id', sa.String(length=64), nullable=False),
    sa.Column('phone_number', sa.String(length=32), nullable=False),
    sa.Column('unread', sa.Integer(), server_default='0', nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_sms_session_members_account_id_accounts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['sms_sessions.id'], name=op.f('fk_sms_session_members_session_id_sms_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('pk', name=op.f('pk_sms_session_members')),
    sa.UniqueConstraint('session_id', 'owner_id', name=op.f('uq_sms_session_members_session_id_owner_id'))
    )
    op.create_index('ix_sms_session_members_owner', 'sms_session_members', ['owner_id'], unique=False)
    op.create_index(op.f('ix_sms_session_members_session_id'), 'sms_session_members', ['session_id'], unique=False)
    op.create_table('client_locations',
    sa.Column('pk', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('account_id', sa.String(length=64), nullable=False),
    sa.Column('extension_id', sa.String(length=64), nullable=False),
    sa.Column('platform', sa.String(length=16), nullable=False),
    sa.Column('location_sharing', sa.String(length=16), nullable=False),
    sa.Column('last_seen_ts', sa.BigInteger(), nullable=False),
    sa.Column('public_ip', sa.String(length=64), nullable=True),
    sa.Column('private_ip', sa.String(length=64), nullable=True),
    sa.Column('bssid', sa.String(length=32), nullable=True),
    sa.Column('switch_mac', sa.String(length=16), nullable=True),
    sa.Column('switch_port', sa.String(length=32), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_client_locations_account_id_accounts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['extension_id'], ['extensions.id'], name=op.f('fk_client_locations_extension_id_extensions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('pk', name=op.f('pk_client_locations')),
    sa.UniqueConstraint('extension_id', 'platform', name=op.f('uq_client_locations_extension_id_platform')),
    sa.UniqueConstraint('id', name=op.f('uq_client_locations_id'))
    )
    op.create_index(op.f('ix_client_locations_extension_id'), 'client_locations', ['extension_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_client_locations_extension_id'), table_name='client_locations')
    op.drop_table('client_locations')
    op.drop_index(op.f('ix_sms_session_members_session_id'), table_name='sms_session_members')
    op.drop_index('ix_sms_session_members_owner', table_name='sms_session_members')
    op.drop_table('sms_session_members')
    op.drop_index('ix_sms_messages_session_seq_key', table_name='sms_messages')
    op.drop_index('ix_sms_messages_account_ts', table_name='sms_messages')
    op.drop_table('sms_messages')
    op.drop_index('ix_sms_sessions_account_sort_key', table_name='sms_sessions')
    op.drop_table('sms_sessions')
    op.drop_index(op.f('ix_sms_attachments_message_id'), table_name='sms_attachments')
    op.drop_table('sms_attachments')
    op.drop_index('ix_fax_logs_owner_sort_key', table_name='fax_logs')
    op.drop_index(op.f('ix_fax_logs_fax_id'), table_name='fax_logs')
    op.drop_index('ix_fax_logs_account_sort_key', table_name='fax_logs')
    op.drop_table('fax_logs')
    op.drop_index('ix_fax_files_account_id', table_name='fax_files')
    op.drop_table('fax_files')
