"""row_counts on PostgreSQL: one update a statement, not one a row

The row-level triggers of 0002 update an account's row_counts row once for every row inserted or
deleted. On PostgreSQL each of those updates adds a version of the same row inside the
transaction, and each finds the newest by walking all the versions before it: a statement
touching n rows costs O(n^2). `phonestack seed --reset` (DELETE FROM phone_numbers) on a
database of 1,000,000 numbers ran for 16 minutes without finishing. Statement-level triggers with
transition tables count each statement's rows per account once. SQLite updates a row in place,
so its row-level triggers stay.

Revision ID: 0009_row_counts_per_statement
Revises: 0008_number_view_versions
"""
from alembic import op

revision = "0009_row_counts_per_statement"
down_revision = "0008_number_view_versions"
branch_labels = None
depends_on = None

TABLES = ("phone_numbers", "extensions")


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    for table in TABLES:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_count ON {table}")
        op.execute(f"DROP FUNCTION IF EXISTS {table}_count()")
        # Accounts in order: two statements over the same accounts lock their rows in one order.
        op.execute(f"""
            CREATE FUNCTION {table}_count_ins() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              INSERT INTO row_counts (account_id, table_name, n)
              SELECT account_id, '{table}', count(*) FROM new_rows GROUP BY account_id ORDER BY account_id
              ON CONFLICT (account_id, table_name) DO UPDATE SET n = row_counts.n + EXCLUDED.n;
              RETURN NULL;
            END $$""")
        op.execute(f"""
            CREATE FUNCTION {table}_count_del() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              UPDATE row_counts SET n = row_counts.n - gone.n
              FROM (SELECT account_id, count(*) AS n FROM old_rows GROUP BY account_id) AS gone
              WHERE row_counts.account_id = gone.account_id AND row_counts.table_name = '{table}';
              RETURN NULL;
            END $$""")
        # A trigger with transition tables takes one event.
        op.execute(f"""
            CREATE TRIGGER {table}_count_ins AFTER INSERT ON {table} REFERENCING NEW TABLE AS new_rows
            FOR EACH STATEMENT EXECUTE FUNCTION {table}_count_ins()""")
        op.execute(f"""
            CREATE TRIGGER {table}_count_del AFTER DELETE ON {table} REFERENCING OLD TABLE AS old_rows
            FOR EACH STATEMENT EXECUTE FUNCTION {table}_count_del()""")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    for table in TABLES:
        for event in ("ins", "del"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_count_{event} ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS {table}_count_{event}()")
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
