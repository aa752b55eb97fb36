"""Audit log: one row per successful write request, written in the request's transaction (the
phone operation logs report reads it: insights/audit.py)

Revision ID: 0006_audit_log
Revises: 0005_activity, 0005_messaging (a merge point of the two heads)
"""
import sqlalchemy as sa
from alembic import op

revision = "0006_audit_log"
down_revision = ("0005_activity", "0005_messaging")
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_log',
    sa.Column('pk', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('account_id', sa.String(length=64), nullable=False),
    sa.Column('ts', sa.BigInteger(), nullable=False),
    sa.Column('operator', sa.String(length=64), nullable=False),
    sa.Column('operation_id', sa.String(length=128), nullable=False),
    sa.Column('category', sa.String(length=64), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('path_ids', sa.Text(), server_default='', nullable=False),
    sa.Column('detail', sa.String(length=512), server_default='', nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_audit_log_account_id_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('pk', name=op.f('pk_audit_log'))
    )
    op.create_index('ix_audit_log_account_pk', 'audit_log', ['account_id', 'pk'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_audit_log_account_pk', table_name='audit_log')
    op.drop_table('audit_log')
