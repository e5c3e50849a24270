"""Words for the demo school: the JSON files in this folder, read into the shapes the planners use.

The names and phrases (profiles, targets, provision, professionals, meeting records, contacts, the audit) are
data, not code: edit a JSON file to change what the demo says. Nothing in them is a real person. Phone numbers
are from Ofcom's ranges reserved for drama (07700 900xxx, 0115 496 0xxx); email addresses use the reserved
`.example` domain. `bench/school.py` reads families.json too, so the benchmark school has the same names.

What stays here in Python is the school's shape (how many pupils, the weights of each need), which is a plan,
not words.
"""

import json
from functools import cache
from pathlib import Path

FOLDER = Path(__file__).resolve().parent


@cache
def words(name: str) -> dict:
    """One file of words, `demo/content/<name>.json`, read once."""
    with (FOLDER / f"{name}.json").open(encoding="utf-8") as file:
        return json.load(file)


_school, _families, _profiles = words("school"), words("families"), words("profiles")
_targets, _provision = words("targets"), words("provision")

SCHOOL_NAME = _school["name"]
SCHOOL_ADDRESS = _school["address"]
SCHOOL_PHONE = _school["phone"]
SCHOOL_EMAIL = _school["email"]
# The school's terms, half terms and closure days for 2026/27, loaded as a school would load its own
# (school/calendar_file.py): the demo's meetings and review days fall on its school days.
CALENDAR_FILE = FOLDER / "calendar.csv"
# Web addresses of the documents the school publishes (School settings): the portal and the SEN letters link them.
PUBLISHED_DOCUMENTS = _school["published_documents"]
# Made-up local services for the demo area (a school lists its own in the admin site).
LOCAL_SERVICES = _school["local_services"]
STAFF_DOMAIN = _school["staff_domain"]
TOWN = _school["town"]

# Classes and forms. Primary (Reception to Year 6) has one class a year, named after a tree; the secondary
# phase has two tutor groups a year; the sixth form one per year.
PRIMARY_CLASSES = {int(year): name for year, name in _school["primary_classes"].items()}
SECONDARY_FORMS = {year: [f"{year}B", f"{year}R"] for year in range(7, 12)} | {12: ["12S"], 13: ["13S"]}

# Pupils on the register in each year group (150 in all), and how many are on SEN support (K),
# have an EHC plan (E) or are being monitoring (M).
PUPILS_PER_YEAR = {0: 4, 1: 6, 2: 8, 3: 9, 4: 9, 5: 10, 6: 10, 7: 18, 8: 18, 9: 17, 10: 17, 11: 15, 12: 5, 13: 4}
STATUS_COUNTS = {"K": 100, "E": 20, "M": 30}
PAST_PUPILS = 8
SIBLING_GROUPS = (3, 3, 3) + (2,) * 17  # 20 families with two or three children on the register

# (title, first, last, role, job title, email local part, kind, years they work with)
# kind decides what they do for pupils: teacher (a class or form), ta, pastoral, elsa, senco; None for no pupils.
STAFF = [
    (s["title"], s["first"], s["last"], s["role"], s["job"], s["mailbox"], s["kind"], tuple(s["years"]))
    for s in _school["staff"]
]
# Class teachers and form tutors: (title, first, last, subject, email local part, class or form).
TEACHERS = [(t["title"], t["first"], t["last"], t["job"], t["mailbox"], t["form"]) for t in _school["teachers"]]

# Families' backgrounds: weight, names, and the language some families prefer with how often they prefer it
# and need an interpreter (shares of the parents).
BACKGROUNDS = _families["backgrounds"]
GRANDMOTHERS = _families["grandmothers"]
BRITISH_WOMEN = BACKGROUNDS["british"]["women"]
BRITISH_MEN = BACKGROUNDS["british"]["men"]
NICKNAMES = _families["nicknames"]
STREETS = _families["streets"]
AREAS = _families["areas"]
EMAIL_DOMAINS = _families["email_domains"]
BEST_TIMES = _families["best_times"]
PETS = _families["pets"]
# 'Mum', 'Dad': how the words name the first parent or carer.
HOME_WORDS = _families["home_words"]
REMOVAL_REASONS = _families["removal_reasons"]

# Areas of need by phase and status: weights. Monitoring pupils often have no area of need recorded yet.
NEED_WEIGHTS = {
    ("primary", "K"): {
        "SLCN": 28,
        "SEMH": 18,
        "SPLD": 12,
        "MLD": 14,
        "ASD": 14,
        "NSA": 4,
        "HI": 2,
        "VI": 1,
        "PD": 3,
        "OTH": 4,
    },
    ("secondary", "K"): {
        "SEMH": 28,
        "SPLD": 22,
        "ASD": 15,
        "MLD": 12,
        "SLCN": 12,
        "HI": 2,
        "VI": 1,
        "PD": 2,
        "OTH": 4,
        "NSA": 2,
    },
    ("any", "E"): {"ASD": 35, "SLCN": 15, "SEMH": 15, "SLD": 9, "MLD": 8, "PD": 7, "HI": 5, "VI": 3, "MSI": 1},
    ("any", "M"): {"": 40, "SPLD": 15, "SEMH": 18, "SLCN": 15, "MLD": 8, "ASD": 4},
}
SECONDARY_NEEDS = {
    "ASD": ("SLCN", "SEMH", "SPLD"),
    "SLCN": ("SEMH", "MLD", "ASD"),
    "SEMH": ("SLCN", "SPLD", "MLD"),
    "SPLD": ("SEMH", "SLCN"),
    "MLD": ("SLCN", "SEMH", "PD"),
    "SLD": ("PD", "SLCN", "VI"),
    "PD": ("SPLD", "VI"),
    "HI": ("SLCN",),
    "VI": ("PD",),
    "MSI": ("PD", "SLCN"),
    "OTH": ("SEMH", "SPLD"),
    "NSA": ("SEMH",),
}
# The broad area each need draws targets, provision and profile phrases from.
AREA = {
    "SLCN": "language",
    "ASD": "autism",
    "SEMH": "semh",
    "SPLD": "literacy",
    "MLD": "learning",
    "NSA": "learning",
    "OTH": "semh",
    "SLD": "sld",
    "PMLD": "sld",
    "HI": "hearing",
    "VI": "vision",
    "MSI": "hearing",
    "PD": "physical",
}

# One-page profile phrases. {first} is the pupil's first name.
LIKED_AND_ADMIRED = _profiles["liked_and_admired"]
INTERESTS = _profiles["interests"]
IMPORTANT_TO_ME = _profiles["important_to_me"]
STRENGTHS = _profiles["strengths"]
HOW_TO_SUPPORT_ME = _profiles["how_to_support_me"]
STRATEGIES_AT_HOME = _profiles["strategies_at_home"]
STRATEGIES_AT_SCHOOL = _profiles["strategies_at_school"]
IN_MY_OWN_WORDS = _profiles["in_my_own_words"]

# SMART targets: (phase, outcome, how we will know, who helps). {ta}, {teacher}, {keyworker}, {home}, {first}.
OUTCOMES = {
    area: [(t["phase"], t["outcome"], t["how_we_will_know"], t["who_helps"]) for t in targets]
    for area, targets in _targets["outcomes"].items()
}
PROGRESS_NOTES = _targets["progress_notes"]

# Interventions: (name, frequency, (smallest, largest group), setting, who leads, areas, phases).
PROVISIONS = [
    (p["name"], p["frequency"], tuple(p["group_size"]), p["setting"], p["led_by"], p["areas"], p["phases"])
    for p in _provision["interventions"]
]

# Outside professionals the school works with: service -> (name, how to contact, what they did).
PROFESSIONALS = {
    service: (p["name"], p["contact"], p["what_they_did"]) for service, p in _provision["professionals"].items()
}
SERVICES_BY_AREA = _provision["services_by_area"]
SPECIALIST_TEACHERS = {area: (t["name"], t["contact"]) for area, t in _provision["specialist_teachers"].items()}
