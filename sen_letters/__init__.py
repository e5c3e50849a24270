"""Letters telling parents that their child's SEN support starts, changes or ends (SEND Code of Practice 6.39):
drafted when a pupil's SEN status changes (`drafting.py`, from pupils' `sen_status_changed`), worded from the
school's settings (`wording.py`), checked, changed and approved by the SENCO (`views.py`), and sent once to each
parent with parental responsibility through the notices machinery (`sending.py`, `notices.py`)."""
