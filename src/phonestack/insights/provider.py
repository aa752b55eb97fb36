"""Dashboards and reports that are not calls: emergency-services metrics, location tracking, operation logs, SMS and fax charges: providers (HTTP glue)."""

from __future__ import annotations
