"""Two-way conversations with families: questions asked by text message that a
reply may answer, and messages families write to the team (web or text)."""
