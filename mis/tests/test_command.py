"""`manage.py import_mis`: the nightly import from the MIS's export folder."""

import os
import time

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from mis.tests.builders import ctf_xml, pupil_xml, sen_xml, upn
from mis.tests.csv_builders import pupil, sims_csv
from mis.tests.test_importer import child
from pupils.models import Pupil

pytestmark = pytest.mark.django_db


def school_file(tmp_path, name="school.xml", data=None):
    path = tmp_path / name
    path.write_bytes(data if data is not None else ctf_xml(child(1, sen=sen_xml("2024-09-02", "K", (("SLCN", "1"),)))))
    return path


def test_a_good_file_is_applied_and_the_senco_told_what_changed(tmp_path, senco):
    call_command("import_mis", str(school_file(tmp_path)))

    assert Pupil.objects.get().upn == upn(1)
    (email,) = mail.outbox
    assert email.to == [senco.email] and "school.xml applied" in email.subject
    assert "1 new pupil\n" in email.body and "1 new parent or carer" in email.body

    call_command("import_mis", str(school_file(tmp_path)))
    assert "matched the register, nothing to change" in mail.outbox[1].subject


def test_a_file_with_problems_changes_nothing_and_the_senco_is_told_why(tmp_path, senco):
    bad = school_file(tmp_path, data=ctf_xml(pupil_xml(upn_=upn(1), dob="not a date")))

    with pytest.raises(CommandError, match="1 problem in school.xml"):
        call_command("import_mis", str(bad))

    assert Pupil.objects.count() == 0
    assert "not a date" in mail.outbox[0].body and "nothing changed" in mail.outbox[0].subject


def test_a_folder_gives_its_newest_export(tmp_path, senco):
    old = school_file(tmp_path, "monday.xml", ctf_xml(pupil_xml(upn_=upn(1), dob="not a date")))
    new = school_file(tmp_path, "tuesday.xml")
    (tmp_path / "notes.txt").write_text("not an export")
    os.utime(old, (time.time() - 86400, time.time() - 86400))

    call_command("import_mis", str(tmp_path), "--no-email")

    assert Pupil.objects.count() == 1 and new.exists()


def test_a_csv_not_saved_as_utf8_is_refused_until_its_encoding_is_given(tmp_path, senco):
    data = sims_csv(pupil(forename="Zoë", preferred_forename="Zoë")).encode("cp1252")
    path = school_file(tmp_path, "students.csv", data)

    with pytest.raises(CommandError, match="not UTF-8"):
        call_command("import_mis", str(path))
    assert "--encoding cp1252" in mail.outbox[0].body and Pupil.objects.count() == 0

    call_command("import_mis", str(path), "--encoding", "cp1252", "--no-email")
    assert Pupil.objects.get().legal_first_name == "Zoë"


def test_a_dry_run_changes_nothing(tmp_path, senco):
    call_command("import_mis", str(school_file(tmp_path)), "--dry-run", "--no-email")

    assert Pupil.objects.count() == 0
