"""Zoom Phone provisioning (area phone-core): one folder per entity family, each with its
provider (the HTTP glue) and seed beside its queries. ``common`` holds what several families
share: extension lookup, number assignment, calling plans, members; ``documents`` holds the
settings and policy documents with their account -> site -> entity inheritance."""
