"""SIP Connected Audio: trunks, call-out countries, internal numbers, trunk settings

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

PK = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _stamps() -> list[sa.Column]:
    return [
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    ]


def _account_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["account_id"], ["accounts.id"], name=op.f(f"fk_{table}_account_id_accounts"), ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "sca_trunks",
        sa.Column("pk", PK, autoincrement=True, nullable=False),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("account_id", sa.String(length=64), nullable=False),
        sa.Column("master_id", sa.String(length=64), nullable=False),
        sa.Column("trunk_id", sa.String(length=64), nullable=False),
        sa.Column("source_id", sa.String(length=64), nullable=True),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("number_prefix", sa.String(length=32), server_default="0", nullable=False),
        sa.Column("sip_server_address", sa.String(length=255), server_default="", nullable=False),
        sa.Column("dnis", sa.String(length=32), nullable=False),
        sa.Column("outbound_caller_id", sa.String(length=32), nullable=True),
        *_stamps(),
        _account_fk("sca_trunks"),
        sa.ForeignKeyConstraint(["master_id"], ["accounts.id"], name=op.f("fk_sca_trunks_master_id_accounts"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["source_id"], ["sca_trunks.id"], name=op.f("fk_sca_trunks_source_id_sca_trunks"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_sca_trunks")),
        sa.UniqueConstraint("id", name=op.f("uq_sca_trunks_id")),
        sa.UniqueConstraint("account_id", "trunk_id", name=op.f("uq_sca_trunks_account_id_trunk_id")),
        sa.UniqueConstraint("master_id", "dnis", name=op.f("uq_sca_trunks_master_id_dnis")),
    )
    op.create_index(op.f("ix_sca_trunks_account_id"), "sca_trunks", ["account_id"], unique=False)
    op.create_index(op.f("ix_sca_trunks_master_id"), "sca_trunks", ["master_id"], unique=False)
    op.create_index(op.f("ix_sca_trunks_source_id"), "sca_trunks", ["source_id"], unique=False)

    op.create_table(
        "sca_callout_countries",
        sa.Column("pk", PK, autoincrement=True, nullable=False),
        sa.Column("account_id", sa.String(length=64), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        *_stamps(),
        _account_fk("sca_callout_countries"),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_sca_callout_countries")),
        sa.UniqueConstraint("account_id", "country", name=op.f("uq_sca_callout_countries_account_id_country")),
    )
    op.create_index(op.f("ix_sca_callout_countries_account_id"), "sca_callout_countries", ["account_id"],
                    unique=False)

    op.create_table(
        "sca_internal_numbers",
        sa.Column("pk", PK, autoincrement=True, nullable=False),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("account_id", sa.String(length=64), nullable=False),
        sa.Column("phone_number_id", sa.String(length=64), nullable=False),
        sa.Column("labels", sa.String(length=255), nullable=False),
        sa.Column("display_number", sa.String(length=64), nullable=False),
        sa.Column("visible", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("allow_join", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("allow_for_external_meetings", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("type", sa.Integer(), server_default="0", nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("languages", sa.String(length=8), nullable=False),
        sa.Column("assigned_from", sa.String(length=64), nullable=True),
        *_stamps(),
        _account_fk("sca_internal_numbers"),
        sa.ForeignKeyConstraint(["phone_number_id"], ["phone_numbers.id"],
                                name=op.f("fk_sca_internal_numbers_phone_number_id_phone_numbers"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_sca_internal_numbers")),
        sa.UniqueConstraint("id", name=op.f("uq_sca_internal_numbers_id")),
        sa.UniqueConstraint("phone_number_id", name=op.f("uq_sca_internal_numbers_phone_number_id")),
    )
    op.create_index(op.f("ix_sca_internal_numbers_account_id"), "sca_internal_numbers", ["account_id"],
                    unique=False)

    op.create_table(
        "sca_settings",
        sa.Column("account_id", sa.String(length=64), nullable=False),
        sa.Column("enable", sa.Boolean(), nullable=False),
        sa.Column("show_callout_internal_number", sa.Boolean(), nullable=True),
        sa.Column("show_zoom_provided_callout_countries", sa.Integer(), nullable=True),
        sa.Column("show_zoom_provided_numbers", sa.Integer(), nullable=True),
        *_stamps(),
        _account_fk("sca_settings"),
        sa.PrimaryKeyConstraint("account_id", name=op.f("pk_sca_settings")),
    )


def downgrade() -> None:
    op.drop_table("sca_settings")
    op.drop_table("sca_internal_numbers")
    op.drop_table("sca_callout_countries")
    op.drop_table("sca_trunks")
