"""Common areas: details, calling plans, phone numbers, settings, PIN, activation codes, templates."""
