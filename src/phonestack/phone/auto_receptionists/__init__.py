"""Auto receptionists: details, IVR, phone numbers, policies."""
