"""Desk phones: devices, assignment to users and common areas, line keys, provisioning."""
