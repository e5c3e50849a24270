"""The school's MIS in and out: the DfE Common Transfer File (CTF) read into plain data and written back (`ctf`).

Sits above the register (it may read pupils' codes) and below the pages that will import and export with it
(docs/architecture.md). Nothing here touches the database yet.
"""
