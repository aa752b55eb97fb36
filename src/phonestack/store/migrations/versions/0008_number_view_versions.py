"""a number's row_version also counts changes to what its view joins (site, SIP group, assignee)

Until now the cache key of a rendered number (store/fast.py RenderCache) was six columns: the
number's pk, id and row_version and the row versions of its site, SIP group and assignee, read
through three joins. Here the database bumps the number's own row_version whenever a joined value
that the view shows changes, so the key is three columns of phone_numbers alone: a list page's
key read has no joins (twice as fast on SQLite; docs/performance.md).

- sites: the name; sip_groups: the display name; extensions (the assignee): type, name,
  extension number and details (the columns numbers/queries.py number_select_columns joins).
  Only a change of one of those bumps, and only the numbers that point at the row.
- A deleted site, group or assignee sets the number's column to NULL (ON DELETE SET NULL), an
  update of the number, which its own trigger (0007) bumps already. A new row cannot change a
  view: no number can point at it before it exists (foreign keys).
- Renaming a site updates every number in it: O(numbers in the site), against a join per
  number on every read. Indexes on site_id and sip_group_id keep that update (and the ON DELETE
  SET NULL actions) from scanning the table.

Revision ID: 0008_number_view_versions
Revises: 0007_row_versions
"""
from alembic import op

revision = "0008_number_view_versions"
down_revision = "0007_row_versions"
branch_labels = None
depends_on = None

# table -> (the phone_numbers column that points at it, the columns the number's view shows)
JOINED = {
    "sites": ("site_id", ("name",)),
    "sip_groups": ("sip_group_id", ("display_name",)),
    "extensions": ("assignee_id", ("type", "name", "extension_number", "details")),
}


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.create_index("ix_phone_numbers_site_id", "phone_numbers", ["site_id"])
    op.create_index("ix_phone_numbers_sip_group_id", "phone_numbers", ["sip_group_id"])
    if dialect == "sqlite":
        for table, (pointer, shown) in JOINED.items():
            changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in shown)
            # row_version + 1 is what the number's own trigger (0007) would set: it stops there.
            op.execute(f"""
                CREATE TRIGGER {table}_number_views AFTER UPDATE OF {", ".join(shown)} ON {table}
                FOR EACH ROW WHEN {changed} BEGIN
                  UPDATE phone_numbers SET row_version = row_version + 1 WHERE {pointer} = NEW.id;
                END""")
    else:
        # The pointer column comes from the trigger's argument; the number's BEFORE UPDATE
        # trigger (0007) sets row_version itself.
        op.execute("""
            CREATE FUNCTION bump_number_views() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              EXECUTE format('UPDATE phone_numbers SET row_version = row_version + 1 WHERE %I = $1',
                             TG_ARGV[0]) USING NEW.id;
              RETURN NULL;
            END $$""")
        for table, (pointer, shown) in JOINED.items():
            # json has no equality operator: compare the text.
            changed = " OR ".join(f"NEW.{c}::text IS DISTINCT FROM OLD.{c}::text" for c in shown)
            op.execute(f"""
                CREATE TRIGGER {table}_number_views AFTER UPDATE OF {", ".join(shown)} ON {table}
                FOR EACH ROW WHEN ({changed}) EXECUTE FUNCTION bump_number_views('{pointer}')""")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table in JOINED:
        if dialect == "sqlite":
            op.execute(f"DROP TRIGGER IF EXISTS {table}_number_views")
        else:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_number_views ON {table}")
    if dialect != "sqlite":
        op.execute("DROP FUNCTION IF EXISTS bump_number_views()")
    op.drop_index("ix_phone_numbers_sip_group_id", "phone_numbers")
    op.drop_index("ix_phone_numbers_site_id", "phone_numbers")
