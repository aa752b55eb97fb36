"""Roles, groups and policies."""
