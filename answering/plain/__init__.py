"""Plain-language versions of source sentences: reviewed content tied to the sentence each restates.

An answer stays a set of cited source sentences; where a sentence has an approved plain version (grade ≤ 6)
that passes the faithfulness checks (``checks.py``), the patient reads the plain version and the source panel
keeps the original as the verbatim quote beside it.
"""
