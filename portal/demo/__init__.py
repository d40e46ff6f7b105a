"""Fictional demo data for `make demo`: made with the app's own services where
it has one for the job (staff accounts, audit events, consent items), and as
rows in small named builders where it has none yet. `seed.py` puts it together."""
