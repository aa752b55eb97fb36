"""Account-level phone configuration: account settings, setting templates, customized outbound caller ID (account, site, user), peering and carrier-peering numbers, plans, calling plans, billing accounts, ported numbers, SIP groups and trunks: providers (HTTP glue)."""

from __future__ import annotations
