"""The Phone API's view of the number inventory: /phone/numbers and BYOC numbers (the same rows as Number Management)."""
