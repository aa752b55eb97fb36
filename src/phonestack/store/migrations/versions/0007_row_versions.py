"""row_version on the rows a number's view reads, bumped by the database on every update

A list page of numbers is rendered from a per-process cache keyed on (number id, the number's
row_version, and those of its site, SIP group and assignee): the page's cache check reads six
narrow columns instead of every viewed column (store/fast.py RenderCache, docs/performance.md).
The database bumps the version itself (a trigger), so no write path can forget it, foreign-key
actions (ON DELETE SET NULL) included.

Revision ID: 0007_row_versions
Revises: 0006_audit_log
"""
import sqlalchemy as sa
from alembic import op

revision = "0007_row_versions"
down_revision = "0006_audit_log"
branch_labels = None
depends_on = None

TABLES = ("phone_numbers", "sites", "sip_groups", "extensions")


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table in TABLES:
        # A constant default: O(1) on both databases, whatever the table holds.
        op.add_column(table, sa.Column("row_version", sa.Integer(), server_default="0", nullable=False))
    if dialect == "sqlite":
        for table in TABLES:
            # SQLite has no BEFORE trigger that sets NEW: an AFTER trigger updates the row again; the
            # WHEN clause stops at that second update (were recursive triggers on); a caller setting
            # row_version itself gets OLD + 1 all the same.
            op.execute(f"""
                CREATE TRIGGER {table}_row_version AFTER UPDATE ON {table}
                FOR EACH ROW WHEN NEW.row_version IS NOT OLD.row_version + 1 BEGIN
                  UPDATE {table} SET row_version = OLD.row_version + 1 WHERE pk = NEW.pk;
                END""")
    else:
        op.execute("""
            CREATE FUNCTION bump_row_version() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              NEW.row_version := OLD.row_version + 1;
              RETURN NEW;
            END $$""")
        for table in TABLES:
            op.execute(f"""
                CREATE TRIGGER {table}_row_version BEFORE UPDATE ON {table}
                FOR EACH ROW EXECUTE FUNCTION bump_row_version()""")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table in TABLES:
        if dialect == "sqlite":
            op.execute(f"DROP TRIGGER IF EXISTS {table}_row_version")
        else:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_row_version ON {table}")
        op.drop_column(table, "row_version")
    if dialect != "sqlite":
        op.execute("DROP FUNCTION IF EXISTS bump_row_version()")
