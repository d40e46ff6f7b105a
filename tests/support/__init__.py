"""What tests share: factories, fakes, page examples and sign-in helpers (fixtures live in
each folder's conftest.py)."""
