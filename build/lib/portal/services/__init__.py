"""The rules of the service. Plain functions over a SQLAlchemy session, testable
without a request. Views call these; these never import a blueprint."""
