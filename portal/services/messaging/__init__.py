"""Text messages and emails: the outbox, one sending pass, and the worker loop (at most once)."""
