"""phone_numbers on SQLite: the account's numbers in pk order with their view keys

The unfiltered number list reads a page's cache keys (id and row_version, store/fast.py
RenderCache) by walking (account_id, pk). With the two columns in the index the walk never
visits the table: a page's key read of the 1,000,000-number database took 36.0 us instead of
44.7 us (raw sqlite3), the list made anew 92 -> 81 us in process (docs/performance.md). The
index replaces (account_id, pk), a prefix of it; ~40 MB more for 1,000,000 numbers. Every update
of a number moves its entry (row_version is bumped on every update, migration 0007).

A database with statistics (`phonestack seed --numbers` runs ANALYZE: store/bulk.py) gets them
for the new index too: SQLite's planner takes an index without statistics, beside indexes that
have them, for a cheap one, and the assigned lists walked the account's million numbers by it
instead of their partial index (0010): 2.3 -> 368 ms. ANALYZE of the 1,000,000 numbers: 0.34 s.

SQLite only: on PostgreSQL an index holding row_version would make every update of a number a
non-HOT one (a new entry in each of its indexes), and there the key read's time is the round
trip's, not the walk's.

Revision ID: 0011_number_keys_index
Revises: 0010_assigned_numbers_index
"""
from alembic import op

revision = "0011_number_keys_index"
down_revision = "0010_assigned_numbers_index"
branch_labels = None
depends_on = None


def _statistics_again() -> None:
    """ANALYZE the numbers when the database keeps statistics (a database that has none goes on
    without: every index alike)."""
    bind = op.get_bind()
    if bind.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").first():
        bind.exec_driver_sql("ANALYZE phone_numbers")


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.create_index("ix_phone_numbers_account_keys", "phone_numbers", ["account_id", "pk", "row_version", "id"])
    op.drop_index("ix_phone_numbers_account_pk", table_name="phone_numbers")
    _statistics_again()


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.create_index("ix_phone_numbers_account_pk", "phone_numbers", ["account_id", "pk"])
    op.drop_index("ix_phone_numbers_account_keys", table_name="phone_numbers")
    _statistics_again()
