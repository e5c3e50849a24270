"""Messages to parents and staff: planned as rows, sent exactly once by beat and the workers, kept as sent.

What notices may import (notices/tests/test_layers.py checks it):
- Django, the standard library and third-party packages;
- the apps below it: `accounts` (the people who sign in, their roles), `school` (the school's details and
  calendar) and `pupils` (pupils and their parents and carers, the people messages go to and the one rule of which
  pupils a person sees); and `privacy.access_log`, which every page showing a pupil's record writes to.

It imports no domain app above it (meetings, booking, events, library, contacts, audits, documents, portal, demo,
the rest of privacy): each of those that sends messages registers its kinds in `notices.kinds` from its
`AppConfig.ready()` (the template folder, the context, whether still needed at send time, who may see it in the
message log) and imports notices, never the other way round. `Message` keeps one foreign key per subject (named
as a string, not imported) so that the exactly-once claim, the unique constraints and the stored messages stay as
they were. The tests may import other apps: they exercise the machinery with real kinds.
"""
