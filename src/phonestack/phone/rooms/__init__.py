"""Zoom Rooms as phone extensions."""
