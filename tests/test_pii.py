"""PII scrubbing of what gets stored or logged: identifiers go, the medical content stays."""

import pytest

from answering.guardrails.pii import scrub


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hi, my name is Jane Doe.", "Hi, my name is [NAME]."),
        ("I'm Sarah, and I have liver mets", "I'm [NAME], and I have liver mets"),
        ("My husband Tom has jaundice", "My husband [NAME] has jaundice"),
        ("Dr. Patel said it is stable", "Dr. [NAME] said it is stable"),
        ("Thanks, Maria", "Thanks, [NAME]"),
        ("DOB: 03/04/1961", "DOB [DATE]"),
        ("I was born on 5 March 1960", "I was born on [DATE]"),
        ("my scan on 12/01/2024 was clear", "my scan on [DATE] was clear"),
        ("surgery on March 3, 2023", "surgery on [DATE]"),
        ("call 07700 900123", "call [PHONE]"),
        ("or (555) 123-4567 today", "or [PHONE] today"),
        ("ring +44 20 7946 0958", "ring [PHONE]"),
        ("mail jane.doe@example.com", "mail [EMAIL]"),
        ("MRN 12345678", "MRN [MRN]"),
        ("medical record number: AB-99812", "medical record number [MRN]"),
        ("NHS number 943 476 5919", "NHS number [ID]"),
        ("SSN 123-45-6789", "SSN [ID]"),
        ("it is 123-45-6789", "it is [ID]"),
    ],
)
def test_identifiers_are_replaced_by_typed_placeholders(text, expected):
    assert scrub(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "What is TACE?",
        "My bilirubin is 2.1 mg/dL and ALT 45 U/L",
        "five-year survival can exceed 50%",
        "I am 54 years old with 3 tumors of 2 cm",
        "I'm worried about my scan",
        "Im on cycle 4 of FOLFOX",
    ],
)
def test_medical_content_is_left_alone(text):
    assert scrub(text) == text


def test_a_whole_message_keeps_its_question():
    message = (
        "I'm Ann Lee, DOB 1/2/1958, MRN 556677. My oncologist Dr. Chen says my CEA is 12. Call 555-867-5309."
    )
    scrubbed = scrub(message)
    for secret in ("Ann", "Lee", "1958", "556677", "Chen", "867"):
        assert secret not in scrubbed
    assert "my CEA is 12" in scrubbed
