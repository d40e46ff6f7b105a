"""The keyworker's record: the caseload, the record view, notices of what families sent, the
audit trail, and who has looked."""
