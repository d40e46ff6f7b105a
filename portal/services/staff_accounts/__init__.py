"""Staff accounts: creating and turning off accounts, passwords, and sign-in with a password
and a time-based code."""
