"""Webhooks: event subscriptions and the transactional outbox (delivery log)

Revision ID: 0004_webhooks
Revises: 0003 (a branch beside 0004_phone_core; migrate() upgrades to every head)
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_webhooks"
down_revision = "0003"
branch_labels = None
depends_on = None

PK = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _stamps() -> list[sa.Column]:
    return [
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "webhook_subscriptions",
        sa.Column("pk", PK, autoincrement=True, nullable=False),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("account_id", sa.String(length=64), nullable=False),
        sa.Column("app_id", sa.String(length=64), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("secret_token", sa.String(length=255), nullable=False),
        sa.Column("events", sa.JSON(), nullable=False),
        sa.Column("enabled", sa.Boolean(), server_default="1", nullable=False),
        sa.Column("validated", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("validated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("validation_error", sa.Text(), nullable=True),
        *_stamps(),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"],
                                name=op.f("fk_webhook_subscriptions_account_id_accounts"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["app_id"], ["apps.id"],
                                name=op.f("fk_webhook_subscriptions_app_id_apps"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_webhook_subscriptions")),
        sa.UniqueConstraint("id", name=op.f("uq_webhook_subscriptions_id")),
    )
    op.create_index(op.f("ix_webhook_subscriptions_account_id"), "webhook_subscriptions", ["account_id"],
                    unique=False)
    op.create_index(op.f("ix_webhook_subscriptions_app_id"), "webhook_subscriptions", ["app_id"], unique=False)

    op.create_table(
        "webhook_outbox",
        sa.Column("pk", PK, autoincrement=True, nullable=False),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("subscription_id", sa.String(length=64), nullable=False),
        sa.Column("account_id", sa.String(length=64), nullable=False),
        sa.Column("event", sa.String(length=128), nullable=False),
        sa.Column("event_ts", sa.BigInteger(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), server_default="pending", nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("next_attempt_at", sa.BigInteger(), nullable=False),
        sa.Column("lease_owner", sa.String(length=64), nullable=True),
        sa.Column("lease_until", sa.BigInteger(), nullable=True),
        sa.Column("last_status", sa.Integer(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("history", sa.JSON(), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        *_stamps(),
        sa.ForeignKeyConstraint(["subscription_id"], ["webhook_subscriptions.id"],
                                name=op.f("fk_webhook_outbox_subscription_id_webhook_subscriptions"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_webhook_outbox")),
        sa.UniqueConstraint("id", name=op.f("uq_webhook_outbox_id")),
    )
    op.create_index(op.f("ix_webhook_outbox_subscription_id"), "webhook_outbox", ["subscription_id"], unique=False)
    op.create_index("ix_webhook_outbox_status_next_attempt_at", "webhook_outbox", ["status", "next_attempt_at"],
                    unique=False)


def downgrade() -> None:
    op.drop_table("webhook_outbox")
    op.drop_table("webhook_subscriptions")
