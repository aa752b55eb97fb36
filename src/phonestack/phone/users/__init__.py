"""Phone users: profile, batch add and update, settings, shared access, calling plans, phone numbers, policies, audio items."""
