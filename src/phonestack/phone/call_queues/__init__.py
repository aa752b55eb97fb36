"""Call queues: details, members and managers, phone numbers, policies."""
