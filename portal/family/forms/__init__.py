"""The family blueprint's forms, one module per feature."""
