"""row_counts maintained by triggers

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TABLES = ("phone_numbers", "extensions")


def upgrade() -> None:
    op.create_table(
        "row_counts",
        sa.Column("account_id", sa.String(length=64), nullable=False),
        sa.Column("table_name", sa.String(length=64), nullable=False),
        sa.Column("n", sa.BigInteger(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("account_id", "table_name", name=op.f("pk_row_counts")),
    )
    dialect = op.get_bind().dialect.name
    for table in TABLES:
        op.execute(
            f"INSERT INTO row_counts (account_id, table_name, n) "
            f"SELECT account_id, '{table}', COUNT(*) FROM {table} GROUP BY account_id"
        )
        if dialect == "sqlite":
            op.execute(f"""
                CREATE TRIGGER {table}_count_ins AFTER INSERT ON {table} BEGIN
                  INSERT INTO row_counts (account_id, table_name, n) VALUES (NEW.account_id, '{table}', 1)
                  ON CONFLICT (account_id, table_name) DO UPDATE SET n = n + 1;
                END""")
            op.execute(f"""
                CREATE TRIGGER {table}_count_del AFTER DELETE ON {table} BEGIN
                  UPDATE row_counts SET n = n - 1 WHERE account_id = OLD.account_id AND table_name = '{table}';
                END""")
        else:
            op.execute(f"""
                CREATE FUNCTION {table}_count() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF TG_OP = 'INSERT' THEN
                    INSERT INTO row_counts (account_id, table_name, n) VALUES (NEW.account_id, '{table}', 1)
                    ON CONFLICT (account_id, table_name) DO UPDATE SET n = row_counts.n + 1;
                  ELSE
                    UPDATE row_counts SET n = n - 1 WHERE account_id = OLD.account_id AND table_name = '{table}';
                  END IF;
                  RETURN NULL;
                END $$""")
            op.execute(f"""
                CREATE TRIGGER {table}_count AFTER INSERT OR DELETE ON {table}
                FOR EACH ROW EXECUTE FUNCTION {table}_count()""")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table in TABLES:
        if dialect == "sqlite":
            op.execute(f"DROP TRIGGER IF EXISTS {table}_count_ins")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_count_del")
        else:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_count ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS {table}_count()")
    op.drop_table("row_counts")
