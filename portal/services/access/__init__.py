"""Who may get in and what they may see: family access rules by age and consent, staff
need-to-know, sign-in links and invitations, the date of birth check, family sessions, and a
carer switching young person."""
