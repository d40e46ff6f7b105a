"""Fictional demo data for `make demo`, built with the same services the app uses."""
