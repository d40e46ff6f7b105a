"""Every key the portal keeps in a server-side session's data, named once.

The session row (`portal.sessions`) holds a small JSON dict. Keys that must
survive a carer switching young person are in `KEPT_WHEN_SWITCHING`.
"""

from __future__ import annotations

# Everyone
LANGUAGE = "language"

# Family display and reading
DISPLAY_SETTINGS = "family_settings"
PLAN_WORDING = "plan_wording"
EXIT_EXPLAINED = "exit_page_explained"

# Family sign-in: after a link is used, until the date of birth check
IDENTITY_PENDING_CONTACT = "identity_pending_contact_id"
IDENTITY_PENDING_LINK = "identity_pending_link_id"
IDENTITY_PENDING_SINCE = "identity_pending_since"

# A carer of more than one young person choosing whose pages to open
SWITCH_PENDING_CONTACT = "young_person_choice_contact_id"
SWITCH_PENDING_SINCE = "young_person_choice_since"
SWITCH_CHECKED_CONTACTS = "young_person_choice_checked"

# My choices: a change between choosing and confirming, and the one just made
CHOICE_PENDING = "choice_pending"
CHOICE_DONE = "choice_done"

# Tell us what you think: forms already sent, and whether help comes first
FEEDBACK_SENT_FORMS = "feedback_sent_forms"
FEEDBACK_HELP_FIRST = "feedback_help_first"

# Messages: what the message just sent showed ("sent" or "flagged"), once
MESSAGE_JUST_SENT = "message_just_sent"

# Staff sign-in: between the password and the code, and a new authenticator
STAFF_PENDING_USER = "pending_staff_user_id"
STAFF_PENDING_SINCE = "pending_since"
STAFF_PENDING_NEXT = "pending_next"
# The password checked, as `passwords.password_fingerprint`: changing it ends the half sign-in.
STAFF_PENDING_PASSWORD = "pending_password"  # noqa: S105 (a key name, not a secret)
# The new authenticator key, encrypted with TOTP_ENCRYPTION_KEYS (portal.secrets_at_rest)
STAFF_ENROLMENT_SECRET = "enrolment_secret"  # noqa: S105 (a key name, not a secret)

KEPT_WHEN_SWITCHING = (LANGUAGE, DISPLAY_SETTINGS, EXIT_EXPLAINED, PLAN_WORDING)
