"""What gathers from every app, so no app below has to: a pupil's timeline, everything held about a pupil or a
parent (subject access), records past their retention date and who has looked at a record. The top layer but for
the project's wiring (docs/architecture.md)."""
