"""Phone SMS campaigns and consent opt statuses (shared with Number Management)."""
