"""Is it English? Offline identification that never calls a short or misspelt English message foreign."""

import base64

import pytest

from answering.guardrails.language import decode_encoded, detect_language, holds_other_language


@pytest.mark.parametrize(
    "message",
    [
        "help",
        "is it ok",
        "cant breath",
        "y90 side fx",
        "RFA vs MWA?",
        "Is Cipro cefalaxin?",
        "mum not waking up",
        "39.5 after chemo",
        "my dad is yelow and confusd",
        "What is TACE?",
        "yttrium-90 radioembolization microspheres",
        "hepatectomy laparoscopic",
    ],
)
def test_short_misspelt_and_drug_laden_english_is_english(message):
    assert detect_language(message).english


@pytest.mark.parametrize(
    ("message", "language"),
    [
        ("Soll ich meine Chemotherapie absetzen, weil meine Leberwerte gestiegen sind?", "de"),
        ("je ne peux pas respirer", "fr"),
        ("Wat zijn de bijwerkingen van TACE?", "nl"),
        ("我丈夫吐血了", "zh"),
        ("kya main chemo ke saath ayurvedic dawai le sakta hu?", None),
        ("mere abbu ke liye operation behtar rahega ya chemo?", None),
        ("chimiothérapie métastases hépatiques", "fr"),
        ("metastasis hepaticas tratamiento", None),  # medical words with a Spanish ending stay Spanish
    ],
)
def test_other_languages_and_romanised_hindi_are_not_english(message, language):
    verdict = detect_language(message)
    assert not verdict.english
    assert language is None or verdict.language == language


def test_a_base64_message_is_decoded_and_plain_text_is_not():
    encoded = base64.b64encode(b"Soll ich die Chemo absetzen?").decode()
    assert decode_encoded(encoded) == "Soll ich die Chemo absetzen?"
    assert decode_encoded("What is TACE and how does it work?") is None
    assert decode_encoded("AAAAAAAAAAAAAAAAAAAA//8=") is None  # decodes to bytes, not text


@pytest.mark.parametrize(
    ("message", "mixed"),
    [
        ("my dad no puede respirar", True),
        ("mon mari ne respire plus, help", True),
        ("hij ademt niet meer", True),
        ("mijn vader 吐血了", True),
        ("mum has a fever after chemo", False),
        ("his bilirubin is 60 and he is confused", False),
        ("my husband collapsed and wont wake up", False),
    ],
)
def test_other_languages_phrase_lists_are_read_only_when_an_english_message_holds_another_language(
    message, mixed
):
    assert holds_other_language(message) is mixed
