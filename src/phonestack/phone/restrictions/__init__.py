"""Blocked lists, account inbound block rules and statistics, account-level outbound calling rules."""
