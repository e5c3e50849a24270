"""Small builders for CTF XML in tests: a whole file from pupils, each pupil from a few keyword arguments."""

from pupils.upn import check_letter


def upn(serial: int) -> str:
    """A valid permanent UPN for this test school (LA 823, establishment 4001, allocated 2019)."""
    body = f"823400119{serial:03d}"
    return check_letter(body) + body


def contact_xml(
    *,
    order: str = "1",
    title: str = "Mrs",
    surname: str = "Okafor",
    forename: str = "Grace",
    relationship: str = "PAM",
    responsibility: str = "true",
    email: str = "grace@example.org",
    phones: tuple[tuple[str, str], ...] = (("M", "07700 900123"), ("H", "0161 496 0000")),
    address: str = (
        "<Address><AddressLines><AddressLine1>12 Mill Lane</AddressLine1><AddressLine2>Ashby</AddressLine2>"
        "</AddressLines><Postcode>AB1 2CD</Postcode></Address>"
    ),
    language: str = "",
) -> str:
    phone_xml = "".join(
        f"<Phone><TelephoneType>{kind}</TelephoneType><PhoneNo>{number}</PhoneNo></Phone>" for kind, number in phones
    )
    return (
        f"<Contact><Order>{order}</Order><Title>{title}</Title><Surname>{surname}</Surname>"
        f"<Forename>{forename}</Forename><Relationship>{relationship}</Relationship>"
        f"<Responsibility>{responsibility}</Responsibility>{address}<Phones>{phone_xml}</Phones>"
        f"<Email>{email}</Email>" + (f"<Language>{language}</Language>" if language else "") + "</Contact>"
    )


def sen_xml(
    start: str = "2024-09-02", provision: str = "K", needs: tuple[tuple[str, str], ...] = (("SLCN", "1"),)
) -> str:
    need_xml = "".join(
        f"<SENneed><SENtype>{kind}</SENtype><SENtypeRank>{rank}</SENtypeRank></SENneed>" for kind, rank in needs
    )
    return (
        f"<SEN><StartDate>{start}</StartDate><SENprovision>{provision}</SENprovision>"
        + (f"<SENneeds>{need_xml}</SENneeds>" if needs else "")
        + "</SEN>"
    )


def pupil_xml(
    *,
    upn_: str | None = None,
    surname: str = "Okafor",
    forename: str = "Daniel",
    dob: str = "2015-03-14",
    sex: str = "M",
    sex_element: str = "Sex",
    former_upn: str = "",
    middle_names: str = "Chidi",
    preferred_forename: str = "Dan",
    year: str = "5",
    sen: str | None = None,
    contacts: str | None = None,
) -> str:
    return (
        f"<Pupil><UPN>{upn(1) if upn_ is None else upn_}</UPN><Surname>{surname}</Surname>"
        f"<Forename>{forename}</Forename><DOB>{dob}</DOB><{sex_element}>{sex}</{sex_element}>"
        "<BasicDetails>"
        + (f"<FormerUPN>{former_upn}</FormerUPN>" if former_upn else "")
        + f"<PreferredForename>{preferred_forename}</PreferredForename><MiddleNames>{middle_names}</MiddleNames>"
        f"<NCyearActual>{year}</NCyearActual></BasicDetails>"
        f"<SENhistory>{sen_xml() if sen is None else sen}</SENhistory>"
        f"<Contacts>{contact_xml() if contacts is None else contacts}</Contacts>"
        "</Pupil>"
    )


def ctf_xml(*pupils: str, qualifier: str = "full", prologue: str = "") -> bytes:
    """A whole CTF file holding `pupils` (one default pupil if none), from Ashby Primary to a secondary school."""
    pupils = pupils or (pupil_xml(),)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        + prologue
        + "<CTfile><Header><DocumentName>Common Transfer File</DocumentName><CTFversion>26.0</CTFversion>"
        f"<DateTime>2026-07-15T14:30:00</DateTime><DocumentQualifier>{qualifier}</DocumentQualifier>"
        "<SourceSchool><LEA>823</LEA><Estab>4001</Estab><SchoolName>Ashby Primary</SchoolName></SourceSchool>"
        "<DestSchool><LEA>823</LEA><Estab>5402</Estab><SchoolName>Ashby High</SchoolName></DestSchool></Header>"
        "<CTFpupilData>" + "".join(pupils) + "</CTFpupilData></CTfile>"
    ).encode()
