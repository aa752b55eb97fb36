"""Provision templates, firmware update rules and firmwares."""
