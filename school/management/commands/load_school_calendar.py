"""`manage.py load_school_calendar FILE.csv`: the school's term dates, half terms and closure days from a file.

The format is in school/calendar_file.py and docs/school-calendar.md. All or nothing: a problem in any row saves
nothing and names the row. Loading the same file again changes nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from school.calendar_file import LARGEST_FILE, CalendarFileError, decode, load_calendar


class Command(BaseCommand):
    help = "Load the school's term dates, half terms and closure days from a CSV file (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="A CSV file: kind,first day,last day,what")

    def handle(self, *args, file: Path, **options):
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from error
        if len(data) > LARGEST_FILE:
            raise CommandError(f"{file} is too large for a school calendar ({len(data):,} bytes).")
        try:
            loaded = load_calendar(decode(data))
        except CalendarFileError as error:
            problems = "\n".join(f"  {problem}" for problem in error.problems)
            raise CommandError(f"Nothing was loaded from {file}:\n{problems}") from error
        self.stdout.write(self.style.SUCCESS(str(loaded)) if loaded.changed_anything else str(loaded))
