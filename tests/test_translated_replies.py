"""Emergency replies in the patient's language: every translation keeps the hospital's numbers, and the router
puts it before the English for a message in that language."""

import string

import pytest
from test_guardrails_router import keyword_emergencies, keyword_personal

from answering.guardrails import Router
from answering.prompts import PROMPTS_DIR, TRANSLATIONS_DIR, with_safety_numbers
from answering.schema import Route
from answering.settings import Settings
from evals.guardrails import EMERGENCY_LANGUAGES

TRANSLATED = ("emergency.md", "emergency_fever.md", "crisis.md", "non_english.md")


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


@pytest.mark.parametrize("language", EMERGENCY_LANGUAGES)
@pytest.mark.parametrize("name", TRANSLATED)
def test_every_listed_language_has_each_reply_with_the_same_numbers(language, name):
    translation = (PROMPTS_DIR / TRANSLATIONS_DIR / language / name).read_text(encoding="utf-8")
    source = (PROMPTS_DIR / name).read_text(encoding="utf-8")
    assert translation.strip() and translation.strip() != source.strip()
    assert placeholders(translation) == placeholders(source)


@pytest.fixture
def settings():
    return Settings(
        emergency_number="EMERGENCY-NUMBER", crisis_line="CRISIS-LINE", oncology_line="CHEMO-LINE"
    )


def test_a_translated_reply_comes_first_then_the_english(settings):
    spanish = with_safety_numbers("emergency.md", settings, "es")
    english = with_safety_numbers("emergency.md", settings)
    assert spanish.endswith(english) and len(spanish) > len(english) + 50
    assert spanish.count("EMERGENCY-NUMBER") == 2 * english.count("EMERGENCY-NUMBER")


def test_english_and_languages_without_a_translation_get_the_english_reply(settings):
    english = with_safety_numbers("crisis.md", settings)
    assert with_safety_numbers("crisis.md", settings, "en") == english
    assert with_safety_numbers("crisis.md", settings, "tr") == english


def test_the_router_answers_an_emergency_in_the_language_it_was_written_in(settings):
    router = Router(settings, keyword_personal(), keyword_emergencies())
    spanish = router.decide("ya no quiero vivir, esta noche me tomo todas las pastillas")
    assert spanish.route == Route.EMERGENCY
    assert spanish.message == with_safety_numbers("crisis.md", settings, "es")
    english = router.decide("I want to end my life tonight, I have the pills ready")
    assert english.message == with_safety_numbers("crisis.md", settings)
    question = router.decide("¿Qué es la quimioembolización y cómo se hace?")
    assert question.route == Route.OUT_OF_SCOPE
    assert question.message == with_safety_numbers("non_english.md", settings, "es")
