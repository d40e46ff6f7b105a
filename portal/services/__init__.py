"""The rules of the service, one package per domain (see docs/architecture.md, "Services").
Plain functions over a SQLAlchemy session, given what they need as arguments;
they import nothing from Flask and never commit: the edge owns the transaction."""
