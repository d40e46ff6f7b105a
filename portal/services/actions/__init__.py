"""Actions: who will do what, by when, from a meeting or added by hand, and
followed until they are done: the rules for adding and changing one, its
history, the record's list, and the one rule for a late action."""
