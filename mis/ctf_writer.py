"""The DfE Common Transfer File written from `records.MisFile`: what goes to a pupil's next school.

Written in the newer element names (`Sex`, needs inside each `SEN` record), so that `ctf.read_ctf` reads it back to
the same data. Plain ElementTree is safe here: it only builds XML, it never parses a file.
"""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET
from xml.etree.ElementTree import Element

from .records import Contact, Header, MisFile, Pupil


def write_ctf(ctf: MisFile) -> bytes:
    """The CTF as XML bytes (UTF-8), in the newer element names; reads back with `read_ctf` to the same data."""
    root = Element("CTfile")
    _write_header(root, ctf.header)
    pupils = ET.SubElement(root, "CTFpupilData")
    for pupil in ctf.pupils:
        _write_pupil(pupils, pupil)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _add(parent: Element, tag: str, value: object) -> Element | None:
    """A child element holding `value`; nothing for an empty value, as the CTF leaves out what it does not know."""
    if value is None or value == "":
        return None
    child = ET.SubElement(parent, tag)
    if isinstance(value, bool):
        child.text = "true" if value else "false"
    elif isinstance(value, datetime.datetime):
        child.text = value.isoformat(timespec="seconds")
    elif isinstance(value, datetime.date):
        child.text = value.isoformat()
    else:
        child.text = str(value)
    return child


def _write_header(root: Element, header: Header) -> None:
    element = ET.SubElement(root, "Header")
    _add(element, "DocumentName", header.document_name)
    _add(element, "CTFversion", header.version)
    _add(element, "DateTime", header.date_time)
    _add(element, "DocumentQualifier", header.qualifier)
    for tag, school in (("SourceSchool", header.source), ("DestSchool", header.destination)):
        school_element = ET.SubElement(element, tag)
        _add(school_element, "LEA", school.lea)
        _add(school_element, "Estab", school.estab)
        _add(school_element, "SchoolName", school.name)


def _write_pupil(parent: Element, pupil: Pupil) -> None:
    element = ET.SubElement(parent, "Pupil")
    _add(element, "UPN", pupil.upn)
    _add(element, "Surname", pupil.surname)
    _add(element, "Forename", pupil.forename)
    _add(element, "DOB", pupil.date_of_birth)
    _add(element, "Sex", pupil.sex)
    basic = ET.SubElement(element, "BasicDetails")
    _add(basic, "FormerUPN", pupil.former_upn)
    _add(basic, "PreferredSurname", pupil.preferred_surname)
    _add(basic, "PreferredForename", pupil.preferred_forename)
    _add(basic, "MiddleNames", pupil.middle_names)
    _add(basic, "NCyearActual", pupil.year_group)
    if pupil.sen_history:
        history = ET.SubElement(element, "SENhistory")
        for record in pupil.sen_history:
            sen = ET.SubElement(history, "SEN")
            _add(sen, "StartDate", record.start_date)
            _add(sen, "SENprovision", record.provision)
            if record.needs:
                needs = ET.SubElement(sen, "SENneeds")
                for need in record.needs:
                    need_element = ET.SubElement(needs, "SENneed")
                    _add(need_element, "SENtype", need.type)
                    _add(need_element, "SENtypeRank", need.rank)
    if pupil.contacts:
        contacts = ET.SubElement(element, "Contacts")
        for contact in pupil.contacts:
            _write_contact(contacts, contact)


def _write_contact(parent: Element, contact: Contact) -> None:
    element = ET.SubElement(parent, "Contact")
    _add(element, "Order", contact.order)
    _add(element, "Title", contact.title)
    _add(element, "Surname", contact.surname)
    _add(element, "Forename", contact.forename)
    _add(element, "Relationship", contact.relationship_code)
    _add(element, "Responsibility", contact.parental_responsibility)
    if contact.address_as_pupil or contact.address_lines or contact.postcode:
        address = ET.SubElement(element, "Address")
        if contact.address_as_pupil:
            _add(address, "AddressAsPupil", True)
        if contact.address_lines:
            lines = ET.SubElement(address, "AddressLines")
            for number, line in enumerate(contact.address_lines, start=1):
                _add(lines, f"AddressLine{number}", line)
        _add(address, "Postcode", contact.postcode)
    if contact.phones:
        phones = ET.SubElement(element, "Phones")
        for phone in contact.phones:
            phone_element = ET.SubElement(phones, "Phone")
            _add(phone_element, "TelephoneType", phone.type)
            _add(phone_element, "PhoneNo", phone.number)
    _add(element, "Email", contact.email)
    _add(element, "Language", contact.language)
