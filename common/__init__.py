"""Rules every app shares and that know no app: the text people type (`text`) and the names of files the site hands
out (`downloads`). The lowest layer (docs/architecture.md)."""
