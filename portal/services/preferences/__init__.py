"""A family member's display settings: text size, contrast, read aloud and language."""
