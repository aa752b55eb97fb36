"""Monitoring groups, shared line appearances and smartphones."""
