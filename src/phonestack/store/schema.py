"""The relational schema: one MetaData for every table phonestack stores.

Invariants that the API documents state are enforced here, as constraints, so that
concurrent requests through several workers cannot break them:

- a phone number exists once per account (``uq_phone_numbers_account_number``) and has at
  most one assignee (a single ``assignee_id`` column);
- extension numbers are unique in an account (``uq_extensions_account_ext``);
- deleting an assignee frees its numbers (``ON DELETE SET NULL``).

Every row that the API exposes has a string ``id`` (Zoom's 22-character ids) and an
integer ``pk`` that orders it: list endpoints paginate on ``pk`` (keyset pagination).
Changes to this file need an Alembic migration in ``store/migrations/versions``.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = MetaData(naming_convention=NAMING)

# SQLite wants INTEGER PRIMARY KEY (the rowid) for autoincrement; PostgreSQL gets BIGINT identity.
PK = BigInteger().with_variant(Integer(), "sqlite")


def _pk() -> Column:
    return Column("pk", PK, primary_key=True, autoincrement=True)


def _id() -> Column:
    return Column("id", String(64), nullable=False, unique=True)


def _account() -> Column:
    return Column(
        "account_id", String(64), ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False, index=True
    )


def _row_version() -> Column:
    """Bumped by the database on every update of the row (trigger, migration 0007). A phone
    number's is bumped as well when what its view shows of its assignee changes (0008): with
    number_view_versions, the cache key of the rendered numbers (store/fast.py RenderCache)."""
    return Column("row_version", Integer, nullable=False, server_default="0")


def _timestamps() -> list[Column]:
    return [
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("updated_at", DateTime(timezone=True), nullable=False),
    ]


# --- platform: key/value metadata, accounts and OAuth apps -------------------------------------

server_meta = Table(
    "server_meta",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

accounts = Table(
    "accounts",
    metadata,
    _pk(),
    _id(),
    Column("parent_id", String(64), ForeignKey("accounts.id", ondelete="CASCADE"), nullable=True, index=True),
    Column("name", String(255), nullable=False),
    Column("owner_email", String(255), nullable=False, server_default=""),
    # pro | business: selects the documented rate-limit figures.
    Column("plan", String(32), nullable=False, server_default="business"),
    # Feature switches and plans: {"sip_connected_audio": true, "byoc": true, "carrier_code": 2, ...}
    Column("options", JSON, nullable=False),
    Column("status", String(16), nullable=False, server_default="active"),
    *_timestamps(),
)

apps = Table(
    "apps",
    metadata,
    _pk(),
    _id(),
    _account(),
    Column("name", String(255), nullable=False),
    Column("client_id", String(64), nullable=False, unique=True),
    # PBKDF2-SHA256 "pbkdf2_sha256$<iterations>$<salt>$<hash>": secrets are never stored in clear.
    Column("client_secret_hash", String(255), nullable=False),
    Column("scopes", Text, nullable=False),
    # Tokens issued before this instant are refused (secret rotation, revocation).
    Column("tokens_valid_after", BigInteger, nullable=False, server_default="0"),
    *_timestamps(),
)

# --- phone topology shared by every area -------------------------------------------------------

sites = Table(
    "sites",
    metadata,
    _pk(),
    _id(),
    _account(),
    Column("name", String(255), nullable=False),
    Column("site_code", Integer, nullable=True),
    Column("country", String(2), nullable=False, server_default="US"),
    Column("main", Boolean, nullable=False, server_default="0"),
    Column("details", JSON, nullable=False),
    *_timestamps(),
    _row_version(),
    UniqueConstraint("account_id", "name"),
)

# Everything that can own an extension number and be assigned phone numbers: users, call
# queues, auto receptionists, common areas, shared line groups... The type-specific
# attributes live in ``details`` (or in a table of the area that owns the type).
extensions = Table(
    "extensions",
    metadata,
    _pk(),
    _id(),
    _account(),
    Column("site_id", String(64), ForeignKey("sites.id", ondelete="SET NULL"), nullable=True, index=True),
    # user | callQueue | autoReceptionist | commonArea | sharedLineGroup | ...
    Column("type", String(32), nullable=False),
    Column("extension_number", BigInteger, nullable=True),
    Column("name", String(255), nullable=False),
    Column("email", String(255), nullable=True),
    Column("status", String(32), nullable=False, server_default="active"),
    Column("details", JSON, nullable=False),
    *_timestamps(),
    _row_version(),
    UniqueConstraint("account_id", "extension_number"),
    Index("ix_extensions_account_type_pk", "account_id", "type", "pk"),
    # A user's email names one user in an account (the API accepts it in place of the id).
    Index("uq_extensions_account_email", "account_id", "email", unique=True),
)

# --- number management ------------------------------------------------------------------------

sip_trunks = Table(  # BYOC SIP trunks (Number Management "List BYOC SIP trunks")
    "byoc_sip_trunks",
    metadata,
    _pk(),
    _id(),
    _account(),
    Column("name", String(255), nullable=False),
    Column("carrier", String(255), nullable=False, server_default=""),
    Column("carrier_account", String(255), nullable=False, server_default=""),
    Column("region", String(64), nullable=False, server_default=""),
    Column("sbc_label", String(255), nullable=False, server_default=""),
    Column("source_system", String(32), nullable=False, server_default="ZOOM_PHONE"),
    *_timestamps(),
)

sip_groups = Table(
    "sip_groups",
    metadata,
    _pk(),
    _id(),
    _account(),
    Column("display_name", String(255), nullable=False),
    Column("description", Text, nullable=False, server_default=""),
    Column("send_sip_group_name", Boolean, nullable=False, server_default="0"),
    Column(
        "sip_trunk_id", String(64), ForeignKey("byoc_sip_trunks.id", ondelete="SET NULL"), nullable=True
    ),
    # ZOOM_PHONE | ZOOM_CONTACT_CENTER | COMMON
    Column("source_system", String(32), nullable=False, server_default="ZOOM_PHONE"),
    Column("pci_pal_supported", Boolean, nullable=False, server_default="0"),
    *_timestamps(),
    _row_version(),
)

sms_campaigns = Table(
    "sms_campaigns",
    metadata,
    _pk(),
    _id(),
    _account(),
    Column("display_name", String(255), nullable=False),
    Column("status", String(32), nullable=False, server_default="active"),
    Column("service_type", String(32), nullable=False, server_default="zoomPhone"),
    Column("brand_id", String(64), nullable=False),
    Column("brand_name", String(255), nullable=False),
    Column("capacity", Integer, nullable=False, server_default="50"),
    Column("details", JSON, nullable=False),
    *_timestamps(),
)

sms_consents = Table(
    "sms_consents",
    metadata,
    _pk(),
    _id(),
    _account(),
    Column("consent_name", String(255), nullable=False),
    Column("description", Text, nullable=False, server_default=""),
    Column("user_id", String(64), nullable=True),
    Column("in_out_bound", JSON, nullable=False),
    *_timestamps(),
)

_ASSIGNED = text("assignee_id IS NOT NULL")

phone_numbers = Table(
    "phone_numbers",
    metadata,
    _pk(),
    _id(),
    _account(),
    Column("number", String(32), nullable=False),
    Column("display_name", String(255), nullable=True),
    Column("caller_id_name", String(255), nullable=True),
    # Toll | TollFree | Mobile | VirtualService | SharedCost | National | ITFS
    Column("number_type", String(32), nullable=False, server_default="Toll"),
    # Zoom | ZoomPorted | ZoomReserved | ThirdPartyNumber | BYOCCloud | BYOCPremises
    Column("source", String(32), nullable=False, server_default="Zoom"),
    # Normal | Pending
    Column("status", String(16), nullable=False, server_default="Normal"),
    # UNALLOCATED | ZOOM_PHONE | ZOOM_CONTACT_CENTER
    Column("allocated_product", String(32), nullable=False, server_default="ZOOM_PHONE"),
    Column("capability", JSON, nullable=False),
    Column("country_iso", String(2), nullable=False, server_default="US"),
    Column("location", JSON, nullable=True),
    Column("site_id", String(64), ForeignKey("sites.id", ondelete="SET NULL"), nullable=True),
    Column("sip_group_id", String(64), ForeignKey("sip_groups.id", ondelete="SET NULL"), nullable=True),
    Column("emergency_address", JSON, nullable=True),
    Column("emergency_address_update_time", DateTime(timezone=True), nullable=True),
    Column("address_update_required", Boolean, nullable=False, server_default="0"),
    Column("pci_pal", Boolean, nullable=False, server_default="0"),
    # One assignee at most: the column is the constraint. Deleting the assignee frees the number.
    Column("assignee_id", String(64), ForeignKey("extensions.id", ondelete="SET NULL"), nullable=True),
    # The number plan a number is billed under (Number Management "phone number plan").
    Column("plan_name", String(255), nullable=True),
    # Provider exchange (cloud peering) attributes, set by the carrier that pushed the number.
    Column("carrier_code", Integer, nullable=True, index=True),
    Column("carrier_name", String(255), nullable=True),
    Column("peering", JSON, nullable=True),
    Column(
        "sms_campaign_id", String(64), ForeignKey("sms_campaigns.id", ondelete="SET NULL"), nullable=True,
        index=True,
    ),
    Column(
        "sms_consent_id", String(64), ForeignKey("sms_consents.id", ondelete="SET NULL"), nullable=True,
        index=True,
    ),
    *_timestamps(),
    _row_version(),
    UniqueConstraint("account_id", "number"),
    # The account's numbers in pk order; on SQLite with the list's cache keys (migration 0011).
    Index("ix_phone_numbers_account_pk", "account_id", "pk").ddl_if(dialect="postgresql"),
    Index("ix_phone_numbers_account_keys", "account_id", "pk", "row_version", "id").ddl_if(dialect="sqlite"),
    # Assigned numbers only (migration 0010): the foreign key's index, and the assigned lists'
    # pages and counts; an index holding the unassigned (NULL) ones too led SQLite's planner to
    # walk every account's unassigned numbers for one account's list.
    Index("ix_phone_numbers_assignee_id", "assignee_id", sqlite_where=_ASSIGNED, postgresql_where=_ASSIGNED),
    Index("ix_phone_numbers_account_assigned_pk", "account_id", "pk",
          sqlite_where=_ASSIGNED, postgresql_where=_ASSIGNED),
)

port_orders = Table(
    "port_orders",
    metadata,
    _pk(),
    _id(),
    _account(),
    Column("order_id", String(64), nullable=False),
    # Zoom's port-in order states, e.g. "Not Submitted", "In Progress", "Completed", "Canceled"
    Column("status", String(32), nullable=False),
    Column("numbers", JSON, nullable=False),
    Column("details", JSON, nullable=False),
    *_timestamps(),
    UniqueConstraint("account_id", "order_id"),
)

# Row counts per account, kept exact by database triggers (migration 0002), so that the
# total_records of an unfiltered list is one indexed lookup instead of a COUNT(*) scan.
row_counts = Table(
    "row_counts",
    metadata,
    Column("account_id", String(64), primary_key=True),
    Column("table_name", String(64), primary_key=True),
    Column("n", BigInteger, nullable=False, server_default="0"),
)

COUNTED_TABLES = ("phone_numbers", "extensions")

# Bumped by the database when a site or a SIP group of the account is renamed (migration 0008):
# part of the cache key of the rendered numbers, which show those names (numbers/queries.py).
number_view_versions = Table(
    "number_view_versions",
    metadata,
    Column("account_id", String(64), primary_key=True),
    Column("version", BigInteger, nullable=False),
)

number_plans = Table(  # the phone number plans an account subscribes to
    "number_plans",
    metadata,
    _pk(),
    _id(),
    _account(),
    Column("name", String(255), nullable=False),
    Column("product", String(32), nullable=False, server_default="ZOOM_PHONE"),
    Column("subscribed", Integer, nullable=False, server_default="0"),
    Column("is_unlimited", Boolean, nullable=False, server_default="0"),
    *_timestamps(),
    UniqueConstraint("account_id", "name", "product"),
)

# --- SIP Connected Audio (migration 0003) -------------------------------------------------------

# SIP trunks: a master's own trunks (``source_id`` NULL, configured by Zoom: the demo seed makes
# them) and their assignments to sub accounts (``source_id`` = the master's trunk row; the API id
# ``trunk_id`` is the master's trunk id). The DNIS is unique within a master's accounts.
sca_trunks = Table(
    "sca_trunks",
    metadata,
    _pk(),
    _id(),
    _account(),
    Column("master_id", String(64), ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("trunk_id", String(64), nullable=False),
    Column("source_id", String(64), ForeignKey("sca_trunks.id", ondelete="CASCADE"), nullable=True, index=True),
    Column("name", String(255), nullable=False),
    Column("number_prefix", String(32), nullable=False, server_default="0"),
    Column("sip_server_address", String(255), nullable=False, server_default=""),
    Column("dnis", String(32), nullable=False),
    Column("outbound_caller_id", String(32), nullable=True),
    *_timestamps(),
    UniqueConstraint("account_id", "trunk_id"),
    UniqueConstraint("master_id", "dnis"),
)

sca_callout_countries = Table(
    "sca_callout_countries",
    metadata,
    _pk(),
    _account(),
    Column("country", String(2), nullable=False),
    *_timestamps(),
    UniqueConstraint("account_id", "country"),
)

# Internal numbers are numbers of the account's inventory (a ``phone_numbers`` row, source
# ThirdPartyNumber, same id): UNIQUE(account_id, number) there is what keeps an internal number
# from colliding with any number the account holds. This row adds the SIP Connected Audio
# attributes; deleting either row deletes both (the API deletes the phone_numbers row).
sca_internal_numbers = Table(
    "sca_internal_numbers",
    metadata,
    _pk(),
    _id(),
    _account(),
    Column(
        "phone_number_id", String(64), ForeignKey("phone_numbers.id", ondelete="CASCADE"), nullable=False,
        unique=True,
    ),
    Column("labels", String(255), nullable=False),
    Column("display_number", String(64), nullable=False),
    Column("visible", Boolean, nullable=False, server_default="0"),
    Column("allow_join", Boolean, nullable=False, server_default="0"),
    Column("allow_for_external_meetings", Boolean, nullable=False, server_default="0"),
    Column("type", Integer, nullable=False, server_default="0"),
    Column("country", String(2), nullable=False),
    Column("languages", String(8), nullable=False),
    # The master account a number came from through "Assign numbers" (NULL: added directly).
    Column("assigned_from", String(64), nullable=True),
    *_timestamps(),
)

sca_settings = Table(  # "Assign SIP trunk configuration", one row per account
    "sca_settings",
    metadata,
    Column("account_id", String(64), ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True),
    Column("enable", Boolean, nullable=False),
    Column("show_callout_internal_number", Boolean, nullable=True),
    Column("show_zoom_provided_callout_countries", Integer, nullable=True),
    Column("show_zoom_provided_numbers", Integer, nullable=True),
    *_timestamps(),
)

# --- Zoom Phone provisioning (migration 0004_phone_core) -----------------------------------------
#
# Users, call queues, auto receptionists, common areas and shared line groups are ``extensions``
# rows (one extension-number space per account). What relates them is relational here; the many
# documented attributes of each kind live in ``details``. Settings and policies, which the
# documents inherit account -> site -> entity, are override documents in ``phone_documents``.

# Membership of one extension in another: call-queue members and managers, shared-line-group
# members, ... Deleting either side removes the membership.
phone_members = Table(
    "phone_members",
    metadata,
    _pk(),
    _account(),
    Column("container_id", String(64), ForeignKey("extensions.id", ondelete="CASCADE"), nullable=False),
    Column("member_id", String(64), ForeignKey("extensions.id", ondelete="CASCADE"), nullable=False, index=True),
    # member | manager | ... (the container's area says which)
    Column("role", String(32), nullable=False, server_default="member"),
    Column("details", JSON, nullable=False),
    *_timestamps(),
    UniqueConstraint("container_id", "member_id", "role"),
)

# The calling plans an account subscribes to (GET /phone/calling_plans: subscribed/assigned).
calling_plans = Table(
    "calling_plans",
    metadata,
    _pk(),
    _account(),
    Column("type", Integer, nullable=False),
    Column("name", String(255), nullable=False),
    Column("subscribed", Integer, nullable=False, server_default="0"),
    Column("details", JSON, nullable=False),
    *_timestamps(),
    UniqueConstraint("account_id", "type"),
)

# A calling plan held by an extension (user, common area, ...): one of each type per holder.
extension_calling_plans = Table(
    "extension_calling_plans",
    metadata,
    _pk(),
    _account(),
    Column("extension_id", String(64), ForeignKey("extensions.id", ondelete="CASCADE"), nullable=False),
    Column("type", Integer, nullable=False),
    Column("billing_account_id", String(64), nullable=True),
    Column("billing_subscription_id", String(64), nullable=True),
    *_timestamps(),
    UniqueConstraint("extension_id", "type"),
    Index("ix_extension_calling_plans_account_type", "account_id", "type"),
)

billing_accounts = Table(
    "billing_accounts",
    metadata,
    _pk(),
    _id(),
    _account(),
    Column("name", String(255), nullable=False),
    Column("details", JSON, nullable=False),
    *_timestamps(),
)

devices = Table(  # desk phones
    "devices",
    metadata,
    _pk(),
    _id(),
    _account(),
    Column("site_id", String(64), ForeignKey("sites.id", ondelete="SET NULL"), nullable=True, index=True),
    Column("display_name", String(255), nullable=False),
    Column("mac_address", String(64), nullable=False),
    Column("device_type", String(255), nullable=False, server_default=""),
    # online | offline
    Column("status", String(16), nullable=False, server_default="offline"),
    Column("details", JSON, nullable=False),
    *_timestamps(),
    UniqueConstraint("account_id", "mac_address"),
)

# The users and common areas a desk phone is assigned to (a device can serve several).
device_assignments = Table(
    "device_assignments",
    metadata,
    _pk(),
    _account(),
    Column("device_id", String(64), ForeignKey("devices.id", ondelete="CASCADE"), nullable=False),
    Column("extension_id", String(64), ForeignKey("extensions.id", ondelete="CASCADE"), nullable=False,
           index=True),
    Column("details", JSON, nullable=False),
    *_timestamps(),
    UniqueConstraint("device_id", "extension_id"),
)

emergency_addresses = Table(
    "emergency_addresses",
    metadata,
    _pk(),
    _id(),
    _account(),
    Column("site_id", String(64), ForeignKey("sites.id", ondelete="CASCADE"), nullable=True, index=True),
    # A personal address belongs to a user (level 1); company addresses have none (level 0).
    Column("owner_id", String(64), ForeignKey("extensions.id", ondelete="CASCADE"), nullable=True, index=True),
    Column("is_default", Boolean, nullable=False, server_default="0"),
    Column("level", Integer, nullable=False, server_default="0"),
    Column("status", Integer, nullable=False, server_default="1"),
    Column("country", String(2), nullable=False, server_default="US"),
    Column("details", JSON, nullable=False),
    *_timestamps(),
)

locations = Table(  # emergency service locations
    "locations",
    metadata,
    _pk(),
    _id(),
    _account(),
    Column("site_id", String(64), ForeignKey("sites.id", ondelete="CASCADE"), nullable=True, index=True),
    Column("parent_id", String(64), ForeignKey("locations.id", ondelete="CASCADE"), nullable=True, index=True),
    Column(
        "emergency_address_id", String(64), ForeignKey("emergency_addresses.id", ondelete="SET NULL"),
        nullable=True, index=True,
    ),
    Column("name", String(255), nullable=False),
    Column("details", JSON, nullable=False),
    *_timestamps(),
    UniqueConstraint("account_id", "name"),
)

# Settings and policies as override documents: ``owner_id`` is the account, a site, an extension
# or a template; ``section`` names the document ("settings", "policy", "call_handling", ...).
# Owners are of several kinds, so there is no foreign key: phone.common.purge_owner() removes an
# owner's documents when the owner is deleted.
phone_documents = Table(
    "phone_documents",
    metadata,
    _pk(),
    _account(),
    Column("owner_id", String(64), nullable=False),
    Column("section", String(64), nullable=False),
    Column("data", JSON, nullable=False),
    *_timestamps(),
    UniqueConstraint("owner_id", "section"),
)

# Small owned records that lists and ids need but no relation of their own: outbound-calling
# exception rules, inbound block rules, line keys, activation codes, directory entries, ...
# ``kind`` says which; ``owner_id`` as in phone_documents.
phone_items = Table(
    "phone_items",
    metadata,
    _pk(),
    _id(),
    _account(),
    Column("owner_id", String(64), nullable=False),
    Column("kind", String(64), nullable=False),
    Column("details", JSON, nullable=False),
    *_timestamps(),
    Index("ix_phone_items_owner_kind_pk", "owner_id", "kind", "pk"),
)

setting_templates = Table(
    "setting_templates",
    metadata,
    _pk(),
    _id(),
    _account(),
    Column("site_id", String(64), ForeignKey("sites.id", ondelete="SET NULL"), nullable=True),
    Column("name", String(255), nullable=False),
    # user | group | autoReceptionist | commonArea | zr | interop
    Column("type", String(32), nullable=False),
    Column("description", Text, nullable=False, server_default=""),
    Column("details", JSON, nullable=False),
    *_timestamps(),
    UniqueConstraint("account_id", "name"),
)

# Numbers an account, a site or a user may present as customized outbound caller ID.
caller_id_numbers = Table(
    "caller_id_numbers",
    metadata,
    _pk(),
    _id(),
    _account(),
    Column("owner_id", String(64), nullable=False),
    Column("phone_number_id", String(64), ForeignKey("phone_numbers.id", ondelete="CASCADE"), nullable=False),
    *_timestamps(),
    UniqueConstraint("owner_id", "phone_number_id"),
)

# Audio prompts and text-to-speech items (account-level or a user's), stored with their bytes so
# that every worker over one database serves them.
audio_items = Table(
    "audio_items",
    metadata,
    _pk(),
    _id(),
    _account(),
    Column("owner_id", String(64), ForeignKey("extensions.id", ondelete="CASCADE"), nullable=True, index=True),
    Column("name", String(255), nullable=False),
    Column("content_type", String(64), nullable=False, server_default="audio/wav"),
    Column("content", LargeBinary, nullable=True),
    Column("details", JSON, nullable=False),
    *_timestamps(),
)

# --- webhooks (migration 0004_webhooks) ---------------------------------------------------------

# Event subscriptions of an app (Zoom: an app's "Event Subscriptions"): where to POST, the secret
# token that signs every request, the event types. Events go only to validated subscriptions
# (Zoom's endpoint.url_validation handshake). The secret is kept in clear: it signs requests.
webhook_subscriptions = Table(
    "webhook_subscriptions",
    metadata,
    _pk(),
    _id(),
    _account(),
    Column("app_id", String(64), ForeignKey("apps.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("url", Text, nullable=False),
    Column("secret_token", String(255), nullable=False),
    Column("events", JSON, nullable=False),  # event names (events/catalog.py), or ["*"]
    Column("enabled", Boolean, nullable=False, server_default="1"),
    Column("validated", Boolean, nullable=False, server_default="0"),
    Column("validated_at", DateTime(timezone=True), nullable=True),
    Column("validation_error", Text, nullable=True),
    *_timestamps(),
)

# The transactional outbox and delivery log: one row per (event, subscription), written in the
# transaction of the change that emitted the event. ``body`` is the exact JSON that is POSTed
# (every attempt sends the same bytes). A worker claims a due row by setting ``lease_owner`` /
# ``lease_until`` (epoch ms); times used for claiming are epoch milliseconds, compared as integers
# on every database.
webhook_outbox = Table(
    "webhook_outbox",
    metadata,
    _pk(),
    _id(),
    Column(
        "subscription_id", String(64), ForeignKey("webhook_subscriptions.id", ondelete="CASCADE"),
        nullable=False, index=True,
    ),
    Column("account_id", String(64), nullable=False),  # the account the event is about
    Column("event", String(128), nullable=False),
    Column("event_ts", BigInteger, nullable=False),
    Column("body", Text, nullable=False),
    # pending | delivered | failed
    Column("status", String(16), nullable=False, server_default="pending"),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("next_attempt_at", BigInteger, nullable=False),
    Column("lease_owner", String(64), nullable=True),
    Column("lease_until", BigInteger, nullable=True),
    Column("last_status", Integer, nullable=True),
    Column("last_error", Text, nullable=True),
    Column("history", JSON, nullable=False),  # [{"at", "status", "error", "ms"}] per attempt
    Column("delivered_at", DateTime(timezone=True), nullable=True),
    *_timestamps(),
    Index("ix_webhook_outbox_status_next_attempt_at", "status", "next_attempt_at"),
)

# --- call activity (migration 0005_activity) ----------------------------------------------------
#
# What the call simulator (activity/simulate.py) writes and the call-history, call-log, recording,
# voicemail, metrics and report operations read. Times are epoch seconds (integers compare the
# same on every database); ``sort_key`` orders a list newest first and is unique (the inverted
# start time followed by the row id), so that keyset pagination can run on it; ``data`` is the
# record's rendered JSON (orjson text: written in bulk without per-row JSON machinery). Few
# indexes, each one a list reads by: the simulator writes hundreds of thousands of rows.


def _activity_account() -> Column:  # indexed through the (account_id, sort_key) indexes
    return Column("account_id", String(64), ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False)


call_history = Table(  # one row per call (call_history_uuid)
    "call_history",
    metadata,
    _pk(),
    _id(),
    _activity_account(),
    Column("call_id", String(32), nullable=False, index=True),
    Column("sort_key", String(96), nullable=False),
    Column("start_ts", BigInteger, nullable=False),
    Column("end_ts", BigInteger, nullable=False),
    Column("duration", Integer, nullable=False, server_default="0"),
    Column("direction", String(16), nullable=False),  # inbound | outbound | internal
    Column("connect_type", String(16), nullable=False),  # internal | external
    Column("result", String(32), nullable=False),
    Column("site_id", String(64), nullable=True),
    Column("queue_id", String(64), nullable=True),  # the call queue the call went through
    Column("wait_time", Integer, nullable=False, server_default="0"),  # seconds in the queue
    Column("mos", Integer, nullable=False, server_default="0"),  # MOS x 10
    Column("keywords", Text, nullable=False, server_default=""),  # names and numbers, lowercase
    Column("client_code", String(32), nullable=True),
    Column("data", Text, nullable=False),
    Index("ix_call_history_account_sort_key", "account_id", "sort_key"),
)

call_elements = Table(  # the legs of a call (call_path / call_elements), in order
    "call_elements",
    metadata,
    _pk(),
    _id(),
    _activity_account(),
    Column("history_id", String(64), nullable=False, index=True),
    Column("seq", Integer, nullable=False),
    Column("data", Text, nullable=False),
)

call_logs = Table(  # a call as one party sees it (a user's, a queue's... call log)
    "call_logs",
    metadata,
    _pk(),
    _id(),
    _activity_account(),
    Column("owner_id", String(64), nullable=False),
    Column("owner_type", String(32), nullable=False),
    Column("history_id", String(64), nullable=False),
    Column("call_id", String(32), nullable=False),
    Column("sort_key", String(96), nullable=False),
    Column("start_ts", BigInteger, nullable=False),
    Column("end_ts", BigInteger, nullable=False),
    Column("direction", String(16), nullable=False),
    Column("path", String(32), nullable=False),
    Column("missed", Boolean, nullable=False, server_default="0"),
    Column("site_id", String(64), nullable=True),
    Column("numbers", Text, nullable=False, server_default=""),  # the numbers involved, space separated
    Column("charge_micros", BigInteger, nullable=False, server_default="0"),  # USD millionths
    Column("client_code", String(32), nullable=True),
    Column("data", Text, nullable=False),
    Index("ix_call_logs_account_sort_key", "account_id", "sort_key"),
    Index("ix_call_logs_owner_sort_key", "owner_id", "sort_key"),
)

call_recordings = Table(
    "call_recordings",
    metadata,
    _pk(),
    _id(),
    _activity_account(),
    Column("owner_id", String(64), nullable=False),
    Column("owner_type", String(32), nullable=False),
    Column("history_id", String(64), nullable=False),
    Column("call_log_id", String(64), nullable=True, index=True),
    Column("sort_key", String(96), nullable=False),
    Column("start_ts", BigInteger, nullable=False),
    Column("duration", Integer, nullable=False),
    Column("recording_type", String(16), nullable=False),  # Automatic | OnDemand
    Column("site_id", String(64), nullable=True),
    Column("seed", BigInteger, nullable=False),  # the audio is synthesized from it on download
    Column("transcript", Boolean, nullable=False, server_default="0"),
    Column("auto_delete_enable", Boolean, nullable=False, server_default="1"),
    Column("deleted_ts", BigInteger, nullable=True),  # in the trash since (soft delete)
    Column("data", Text, nullable=False),
    Index("ix_call_recordings_account_sort_key", "account_id", "sort_key"),
    Index("ix_call_recordings_owner_sort_key", "owner_id", "sort_key"),
)

voicemails = Table(
    "voicemails",
    metadata,
    _pk(),
    _id(),
    _activity_account(),
    Column("owner_id", String(64), nullable=False),
    Column("owner_type", String(32), nullable=False),
    Column("history_id", String(64), nullable=False),
    Column("call_log_id", String(64), nullable=True, index=True),
    Column("sort_key", String(96), nullable=False),
    Column("start_ts", BigInteger, nullable=False),
    Column("duration", Integer, nullable=False),
    Column("status", String(16), nullable=False, server_default="unread"),
    Column("seed", BigInteger, nullable=False),
    Column("deleted_ts", BigInteger, nullable=True),
    Column("data", Text, nullable=False),
    Index("ix_voicemails_account_sort_key", "account_id", "sort_key"),
    Index("ix_voicemails_owner_sort_key", "owner_id", "sort_key"),
)


# --- messaging and insights (migration 0005_messaging) --------------------------------------------
#
# SMS sessions and messages, faxes (messaging/), and the client location reports that the
# emergency-services dashboards read (insights/). Times are epoch seconds; ``sort_key`` orders a
# list newest first and is unique (the inverted time followed by the row id); ``data`` is the
# record's rendered JSON (orjson text), written in bulk by messaging/simulate.py.

sms_sessions = Table(
    "sms_sessions",
    metadata,
    _pk(),
    _id(),
    _activity_account(),
    Column("session_type", String(32), nullable=False),  # user | call_queue | auto_receptionist
    Column("owner_id", String(64), nullable=False),  # the session owner's extension
    Column("participants", Text, nullable=False),  # JSON: [{phone_number, display_name, owner?}]
    Column("numbers", Text, nullable=False, server_default=""),  # " +1408... +1212... " for filters
    Column("first_ts", BigInteger, nullable=False),
    Column("last_ts", BigInteger, nullable=False),
    Column("sort_key", String(96), nullable=False),  # inverted last_ts + id: newest activity first
    Index("ix_sms_sessions_account_sort_key", "account_id", "sort_key"),
)

# Who of the account sees a session (its owner and any other internal participant).
sms_session_members = Table(
    "sms_session_members",
    metadata,
    _pk(),
    _activity_account(),
    Column("session_id", String(64), ForeignKey("sms_sessions.id", ondelete="CASCADE"), nullable=False,
           index=True),
    Column("owner_id", String(64), nullable=False),
    Column("phone_number", String(32), nullable=False),
    Column("unread", Integer, nullable=False, server_default="0"),
    UniqueConstraint("session_id", "owner_id"),
    Index("ix_sms_session_members_owner", "owner_id"),
)

sms_messages = Table(
    "sms_messages",
    metadata,
    _pk(),
    _id(),
    _activity_account(),
    Column("session_id", String(64), ForeignKey("sms_sessions.id", ondelete="CASCADE"), nullable=False),
    Column("ts", BigInteger, nullable=False),
    Column("seq_key", String(96), nullable=False),  # ts + id: oldest first inside a session
    Column("direction", String(8), nullable=False),  # in | out (seen from the session owner)
    Column("message_type", Integer, nullable=False),  # 1 SMS 2 MMS 3 GROUP_SMS 4 GROUP_MMS 5 INTER 6 ON_NET
    Column("country", String(2), nullable=False),  # of the external party (charges)
    Column("segments", Integer, nullable=False, server_default="1"),
    Column("data", Text, nullable=False),
    Index("ix_sms_messages_session_seq_key", "session_id", "seq_key"),
    Index("ix_sms_messages_account_ts", "account_id", "ts"),
)

sms_attachments = Table(
    "sms_attachments",
    metadata,
    _pk(),
    _id(),
    _activity_account(),
    Column("message_id", String(64), nullable=False, index=True),
    Column("name", String(255), nullable=False),
    Column("content_type", String(64), nullable=False),
    Column("size", Integer, nullable=False),
    Column("content", Text, nullable=False),  # base64 (the state export is JSON)
)

fax_files = Table(  # uploaded (POST /fax/files) and sent/received fax documents
    "fax_files",
    metadata,
    _pk(),
    _id(),
    _activity_account(),
    Column("filename", String(255), nullable=False),
    Column("content_type", String(64), nullable=False),
    Column("pages", Integer, nullable=False, server_default="1"),
    Column("created_ts", BigInteger, nullable=False),
    Column("size", Integer, nullable=False),
    Column("content", Text, nullable=False),  # base64 (the state export is JSON)
    Index("ix_fax_files_account_id", "account_id"),
)

fax_logs = Table(  # a fax as one party of the account sees it
    "fax_logs",
    metadata,
    _pk(),
    _id(),
    _activity_account(),
    Column("fax_id", String(64), nullable=False, index=True),
    Column("owner_id", String(64), nullable=False),
    Column("direction", String(16), nullable=False),  # inbound | outbound
    Column("ts", BigInteger, nullable=False),
    Column("sort_key", String(96), nullable=False),
    Column("file_id", String(64), nullable=False),
    Column("pages", Integer, nullable=False),
    Column("read_status", String(16), nullable=False, server_default="unread"),
    Column("country", String(2), nullable=False),  # of the receiver (charges)
    Column("fax_type", String(16), nullable=False),  # local | international
    Column("data", Text, nullable=False),
    Index("ix_fax_logs_account_sort_key", "account_id", "sort_key"),
    Index("ix_fax_logs_owner_sort_key", "owner_id", "sort_key"),
)

# What Zoom clients report about where a user is (insights/): one row per user and platform.
client_locations = Table(
    "client_locations",
    metadata,
    _pk(),
    _id(),
    _activity_account(),
    Column("extension_id", String(64), ForeignKey("extensions.id", ondelete="CASCADE"), nullable=False,
           index=True),
    Column("platform", String(16), nullable=False),  # win | mac | ios | android | linux
    Column("location_sharing", String(16), nullable=False),  # allowed | disallowed
    Column("last_seen_ts", BigInteger, nullable=False),
    Column("public_ip", String(64), nullable=True),
    Column("private_ip", String(64), nullable=True),
    Column("bssid", String(32), nullable=True),
    Column("switch_mac", String(16), nullable=True),
    Column("switch_port", String(32), nullable=True),
    UniqueConstraint("extension_id", "platform"),
)

# --- audit: one row per successful write request (insights/audit.py; the operation logs report) -------
# Written by http/app.py in the request's own transaction, so a row exists only if the write
# committed. ``operator`` is the calling app's id (the report shows its account owner's email).

audit_log = Table(
    "audit_log",
    metadata,
    _pk(),
    _activity_account(),
    Column("ts", BigInteger, nullable=False),  # epoch seconds
    Column("operator", String(64), nullable=False),  # apps.id of the principal
    Column("operation_id", String(128), nullable=False),
    Column("category", String(64), nullable=False),  # e.g. "Call Queue" (category_type)
    Column("action", String(16), nullable=False),  # ADD | UPDATE | DELETE
    Column("path_ids", Text, nullable=False, server_default=""),  # JSON of the path ids
    Column("detail", String(512), nullable=False, server_default=""),
    Index("ix_audit_log_account_pk", "account_id", "pk"),
)
