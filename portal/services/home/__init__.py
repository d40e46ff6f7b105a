"""The family home page's read model, composed from the other domains: the next meeting and
what changed since the last visit."""
