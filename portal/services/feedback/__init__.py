"""What families tell the service: recording web feedback, and the safeguarding triage of
anything they write."""
