"""What families tell the service: recording web feedback, and the safeguarding triage of
anything they write."""

# Whatever writes feedback rows imports this package; its day counts must see
# every such write (the listeners in `day_counts`).
from portal.services.feedback import day_counts as _day_counts  # noqa: F401
