"""Meetings with parents: arranged with notice, recorded as structured conversations, counted three a year."""
