"""Easy read in the portal: checking text staff write for families, and searching the glossary."""
