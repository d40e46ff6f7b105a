"""Meetings (CETRs, MDTs, reviews): the family's list and page, replies and support requests,
views before the meeting, kinds in plain words, and the calendar file."""
