"""`manage.py import_mis FILE_OR_FOLDER`: the nightly import from the folder the MIS exports to.

Given a folder, it takes the newest .xml or .csv file in it. It applies a file only when it has no problems, with
what the preview would choose by itself: a same-named parent with nothing in common stays a separate person, and a
parent no longer in the MIS is taken away only when nothing holds them. The SENCO is emailed what changed, or why
nothing did. Cron or Celery beat can run it each night.
"""

from pathlib import Path

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandError

from accounts.models import Role, User
from mis import csv_formats
from mis.apply import apply_plan
from mis.ctf import CTFRefused
from mis.encoding import EncodingQuestion
from mis.importer import plan_import
from mis.reading import read_file
from school.models import School

EXPORTS = (".xml", ".csv")


def newest_export(folder: Path) -> Path:
    files = [path for path in folder.iterdir() if path.is_file() and path.suffix.lower() in EXPORTS]
    if not files:
        raise CommandError(f"There is no .xml or .csv file in {folder}.")
    return max(files, key=lambda path: path.stat().st_mtime)


class Command(BaseCommand):
    help = "Import pupils and parents from an MIS export (a CTF or a CSV file, or the newest one in a folder)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The file, or the folder the MIS exports to (its newest file is used).")
        parser.add_argument(
            "--partial", action="store_true", help="The file does not hold every pupil: mark nobody as left."
        )
        parser.add_argument(
            "--encoding", default="", help="The text encoding of a CSV file not saved as UTF-8, e.g. cp1252."
        )
        parser.add_argument("--dry-run", action="store_true", help="Say what would change; change nothing.")
        parser.add_argument("--no-email", action="store_true", help="Do not email the SENCO the summary.")

    def handle(self, *args, path, partial, encoding, dry_run, no_email, **options):
        source = Path(path)
        if not source.exists():
            raise CommandError(f"{source} does not exist.")
        file = newest_export(source) if source.is_dir() else source
        subject, lines, applied = self.run(file, partial=partial, encoding=encoding, dry_run=dry_run)
        report = "\n".join(lines)
        self.stdout.write(f"{subject}\n{report}")
        if not no_email:
            email_the_senco(subject, report)
        if not applied and not dry_run:
            raise CommandError(subject)

    def run(self, file: Path, *, partial: bool, encoding: str, dry_run: bool) -> tuple[str, list[str], bool]:
        name = file.name
        try:
            read = read_file(file.read_bytes(), encoding=encoding, partial=partial)
        except EncodingQuestion as question:
            return (
                f"MIS import: nothing changed ({name} is not UTF-8)",
                [
                    f"{name} was not saved as UTF-8. It looks like {question.label}.",
                    f"Export it again as UTF-8, or run the import with --encoding {question.guess} if these names "
                    "read right:",
                    *(f"  {sample}" for sample in question.samples),
                ],
                False,
            )
        except csv_formats.NeedsMapping:
            return (
                f"MIS import: nothing changed (the columns of {name} are not known)",
                [
                    f"The portal does not know the columns of {name}. Upload it once on the import page and match "
                    "its columns; the nightly import then reads files with the same columns by itself."
                ],
                False,
            )
        except CTFRefused as refused:
            return self.refused(name, refused.problems)
        plan = plan_import(read.mis_file, partial=partial)
        if not plan.ok:
            return self.refused(name, plan.problems)
        lines = [f"{count} {label}" for label, count in plan.summary().items() if count]
        if plan.partial:
            lines.append(f"Nobody was marked as having left: {plan.partial_because}")
        kept = [gone for gone in plan.gone if not gone.removed_unless_told]
        if kept:
            lines.append(
                f"{len(kept)} parent or carer link{'s' if len(kept) != 1 else ''} no longer in the MIS kept for you "
                "to decide (a portal account, messages, meeting invitations, or added by hand): upload the file "
                "on the import page to decide."
            )
        if plan.unsure_contacts:
            lines.append(
                f"{len(plan.unsure_contacts)} parent(s) with the same name as someone already here were added as "
                "separate people: upload the file on the import page to say if any is the same person."
            )
        if not plan.changes_anything:
            return f"MIS import: {name} matched the register, nothing to change", lines, True
        if dry_run:
            return f"MIS import (dry run): {name} would change the register", lines, True
        apply_plan(plan, reason=f"From the MIS ({name}, nightly import)")
        return f"MIS import: {name} applied", lines, True

    def refused(self, name: str, problems) -> tuple[str, list[str], bool]:
        count = len(problems)
        return (
            f"MIS import: nothing changed ({count} problem{'s' if count != 1 else ''} in {name})",
            ["Correct these in the MIS; the next export will be imported.", *(f"- {p}" for p in problems)],
            False,
        )


def email_the_senco(subject: str, report: str) -> None:
    recipients = list(
        User.objects.filter(role=Role.SENCO, is_active=True).exclude(email="").values_list("email", flat=True)
    )
    if not recipients:
        return
    school = School.load()
    send_mail(
        subject,
        f"{report}\n\n{school.name}'s SENCO Portal",
        settings.DEFAULT_FROM_EMAIL,
        recipients,
    )
