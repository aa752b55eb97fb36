"""Account-level outbound calling: countries/regions and exception rules.

The account is the top of the chain account -> site -> user/common area that
``phone.sites.outbound_calling`` resolves; this module registers the account-level operations
over the same implementation (``account_owner``): what a PATCH here sets, every site, user and
common area without an override of its own reads.
"""

from __future__ import annotations

from ...http.context import Context
from ...providers import provider
from ..sites import outbound_calling as oc

BASE = "/phone/outbound_calling"


@provider(f"GET {BASE}/countries_regions")
def get_countries(ctx: Context):  # noqa: ANN201
    return oc.get_countries(ctx, oc.account_owner(ctx))


@provider(f"PATCH {BASE}/countries_regions")
def update_countries(ctx: Context) -> None:
    return oc.update_countries(ctx, oc.account_owner(ctx))


@provider(f"GET {BASE}/exception_rules")
def list_rules(ctx: Context):  # noqa: ANN201
    return oc.list_rules(ctx, oc.account_owner(ctx))


@provider(f"POST {BASE}/exception_rules")
def add_rule(ctx: Context):  # noqa: ANN201
    return oc.add_rule(ctx, oc.account_owner(ctx))


@provider(f"PATCH {BASE}/exception_rules/{{exceptionRuleId}}")
def update_rule(ctx: Context) -> None:
    return oc.update_rule(ctx, oc.account_owner(ctx))


@provider(f"DELETE {BASE}/exception_rules/{{exceptionRuleId}}")
def delete_rule(ctx: Context) -> None:
    return oc.delete_rule(ctx, oc.account_owner(ctx))
