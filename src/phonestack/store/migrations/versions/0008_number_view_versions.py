"""a number's view key without joins: the assignee's changes bump the number, renames of sites
and SIP groups bump a per-account version

Until now the cache key of a rendered number (store/fast.py RenderCache) was six columns: the
number's pk, id and row_version and the row versions of its site, SIP group and assignee, read
through three joins. Now the key is read from phone_numbers alone (twice as fast on SQLite,
docs/performance.md), the database keeping it exact:

- extensions (the assignee): a change of what the view shows of it (type, name, extension number,
  details) bumps the row_version of the numbers assigned to it: a handful each.
- sites and sip_groups: a change of the name (the display name) bumps the account's version in
  number_view_versions, which the key reads once a statement (a scalar subquery). A site can
  hold every number of an account, so bumping its numbers would make a rename O(numbers): 1.8 s
  on SQLite and 21 s on PostgreSQL for a site of 1,000,000 (measured). A rename is rare; it
  makes every rendered number of the account a miss, re-rendered on its next read.
- A deleted site, group or assignee sets the number's column to NULL (ON DELETE SET NULL), an
  update of the number, which its own trigger (0007) bumps already. A new row cannot change a
  view: no number can point at it before it exists (foreign keys).

Revision ID: 0008_number_view_versions
Revises: 0007_row_versions
"""
import sqlalchemy as sa
from alembic import op

revision = "0008_number_view_versions"
down_revision = "0007_row_versions"
branch_labels = None
depends_on = None

# What the number's view shows of the rows it joins (numbers/queries.py number_select_columns).
ASSIGNEE_SHOWN = ("type", "name", "extension_number", "details")
NAMES = {"sites": "name", "sip_groups": "display_name"}

BUMP_ACCOUNT = """
    INSERT INTO number_view_versions (account_id, version) VALUES (NEW.account_id, 1)
    ON CONFLICT (account_id) DO UPDATE SET version = number_view_versions.version + 1"""


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.create_table(
        "number_view_versions",
        sa.Column("account_id", sa.String(64), primary_key=True),
        sa.Column("version", sa.BigInteger(), nullable=False),
    )
    if dialect == "sqlite":
        changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in ASSIGNEE_SHOWN)
        # row_version + 1 is what the number's own trigger (0007) would set: it stops there.
        op.execute(f"""
            CREATE TRIGGER extensions_number_views AFTER UPDATE OF {", ".join(ASSIGNEE_SHOWN)} ON extensions
            FOR EACH ROW WHEN {changed} BEGIN
              UPDATE phone_numbers SET row_version = row_version + 1 WHERE assignee_id = NEW.id;
            END""")
        for table, name in NAMES.items():
            op.execute(f"""
                CREATE TRIGGER {table}_number_views AFTER UPDATE OF {name} ON {table}
                FOR EACH ROW WHEN NEW.{name} IS NOT OLD.{name} BEGIN {BUMP_ACCOUNT};
                END""")
    else:
        # The number's BEFORE UPDATE trigger (0007) sets its row_version itself.
        op.execute("""
            CREATE FUNCTION bump_assignee_numbers() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              UPDATE phone_numbers SET row_version = row_version + 1 WHERE assignee_id = NEW.id;
              RETURN NULL;
            END $$""")
        # json has no equality operator: compare the text.
        changed = " OR ".join(f"NEW.{c}::text IS DISTINCT FROM OLD.{c}::text" for c in ASSIGNEE_SHOWN)
        op.execute(f"""
            CREATE TRIGGER extensions_number_views AFTER UPDATE OF {", ".join(ASSIGNEE_SHOWN)} ON extensions
            FOR EACH ROW WHEN ({changed}) EXECUTE FUNCTION bump_assignee_numbers()""")
        op.execute(f"""
            CREATE FUNCTION bump_number_view_version() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              {BUMP_ACCOUNT};
              RETURN NULL;
            END $$""")
        for table, name in NAMES.items():
            op.execute(f"""
                CREATE TRIGGER {table}_number_views AFTER UPDATE OF {name} ON {table}
                FOR EACH ROW WHEN (NEW.{name} IS DISTINCT FROM OLD.{name})
                EXECUTE FUNCTION bump_number_view_version()""")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table in ("extensions", *NAMES):
        if dialect == "sqlite":
            op.execute(f"DROP TRIGGER IF EXISTS {table}_number_views")
        else:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_number_views ON {table}")
    if dialect != "sqlite":
        op.execute("DROP FUNCTION IF EXISTS bump_assignee_numbers()")
        op.execute("DROP FUNCTION IF EXISTS bump_number_view_version()")
    op.drop_table("number_view_versions")
