"""The person-centred plan: the family's read model of the latest version."""
