"""Form parts shared by the staff and family blueprints."""
