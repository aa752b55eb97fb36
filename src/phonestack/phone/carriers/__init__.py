"""Carrier reseller numbers and directory backup routing rules."""
