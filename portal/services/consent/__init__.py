"""Consent: the registry of items every deployment has, the one rule for the current decision,
deciding, asking to change, and the family's read model of My choices."""
