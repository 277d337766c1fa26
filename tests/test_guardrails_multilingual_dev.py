"""The phrase lists of other languages on the dev messages written for them (``training/multilingual/``).

The lists were extended while reading these messages, so this guards against losing what they catch; the
independent measure is ``evals/multilingual.jsonl`` in the safety report.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from answering.guardrails.multilingual import find_multilingual_emergency
from answering.guardrails.text import normalise

DEV_DIR = Path(__file__).resolve().parents[1] / "answering" / "guardrails" / "training" / "multilingual"
LANGUAGES = sorted(path.stem for path in DEV_DIR.glob("*.jsonl"))


def rows(language: str) -> list[dict]:
    lines = (DEV_DIR / f"{language}.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def test_every_listed_language_with_the_most_patients_has_dev_messages():
    assert set(LANGUAGES) >= {"es", "fr", "nl", "pt", "ar", "ur"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_emergencies_are_found_and_look_alikes_are_not(language):
    found = [(row, find_multilingual_emergency(normalise(row["text"])) is not None) for row in rows(language)]
    emergencies = [hit for row, hit in found if row["label"] == "emergency"]
    look_alikes = [hit for row, hit in found if row["label"] != "emergency"]
    assert len(emergencies) >= 60 and len(look_alikes) >= 35
    assert sum(emergencies) / len(emergencies) >= 0.95
    assert sum(look_alikes) / len(look_alikes) <= 0.05


@pytest.mark.parametrize(
    "message",
    [
        "Sein Stuhl ist pechschwarz und klebrig, was sollen wir tun?",  # pitch-black, not only "schwarz"
        "Mein Mann ist heute Morgen im Bad ohne Vorwarnung zusammengesackt",  # six words between
    ],
)
def test_german_tarry_stool_and_a_collapse_told_at_length_are_found(message):
    """From a miss on ``evals/multilingual.jsonl`` (collapse and pitch-black stool buried in a long message)."""
    assert find_multilingual_emergency(normalise(message)) is not None
