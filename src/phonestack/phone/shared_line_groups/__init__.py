"""Shared line groups: details, members, phone numbers, policies."""
