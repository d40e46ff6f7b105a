"""Which tables of the young person's record go into `record.json`, under
which key, and what is left out on purpose (the shape is in
docs/record-export.md)."""

from __future__ import annotations

from collections.abc import Mapping

# Where each table that refers to a young person is found in record.json: a
# top-level key, or "key[].field" for rows listed inside each row of a key.
# tests/portal/services/records/test_export_json.py fails on a table that
# refers to a young person and is in neither this nor NOT_EXPORTED.
EXPORTED_TABLES: Mapping[str, str] = {
    "young_people": "young_person",
    "communication_needs": "young_person.communication_needs",
    "contacts": "contacts",
    "address_verifications": "address_verifications",
    "access_links": "access_links",
    "plans": "plans",
    "plan_versions": "plan_versions",
    "plan_sections": "plan_versions[].sections",
    "actions": "actions",
    "action_changes": "actions[].changes",
    "meetings": "meetings",
    "meeting_attendees": "meetings[].attendees",
    "meeting_replies": "meetings[].replies",
    "meeting_support_requests": "meetings[].supports",
    "meeting_views": "meetings[].views",
    "meeting_support_confirmations": "meetings[].confirmations",
    "consent_decisions": "consent_decisions",
    "consent_change_requests": "consent_change_requests",
    "consent_request_answers": "consent_request_answers",
    "capacity_assessments": "capacity_assessments",
    "best_interests_decisions": "best_interests_decisions",
    "family_input_notices": "family_input_notices",
    "urgent_acknowledgements": "urgent_acknowledgements",
    "family_input_acknowledgements": "family_input_acknowledgements",
    "family_replies": "family_replies",
    "family_reply_reads": "family_reply_reads",
    "feedback_requests": "feedback_requests",
    "feedback_responses": "feedback",
    "feedback_theme_tags": "feedback_theme_tags",
    "you_said_we_did": "you_said_we_did",
    "messages": "messages",
    "family_messages": "family_messages",
    "sms_conversations": "sms_conversations",
    # A number, not a young person, opts out: each number on the record's
    # contacts, with its whole history (docs/record-export.md).
    "sms_opt_outs": "sms_opt_outs",
    "notes": "notes",
    "risk_rating_changes": "risk_rating_changes",
    "keyworker_allocations": "keyworker_allocations",
    "cover_grants": "cover_grants",
    "audit_events": "audit",
}

# Tables that refer to a young person but are left out, and why.
NOT_EXPORTED: Mapping[str, str] = {
    "web_sessions": (
        "a sign-in session holds a hash that identifies it and passing state "
        "(a CSRF token, flash messages); each sign-in is in the audit trail"
    ),
    "family_page_looks": (
        "when each family member last opened each part of the portal, kept for the "
        "home page; every page view is in the audit trail, which is exported"
    ),
}

# Columns that are secrets: never exported.
SECRET_COLUMNS: Mapping[str, frozenset[str]] = {"access_links": frozenset({"token_hash"})}
