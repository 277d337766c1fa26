"""Is the message English, and is it an encoded (base64) message? Offline, packaged identifiers only.

The assistant's documents and checks are English. A message in another language is never answered: its
emergency phrases are still caught (``patterns/multilingual/``), everything else gets a fixed reply. Short
English messages fool a character-n-gram identifier ("help", "is it ok" read as Norwegian, Frisian), so a
message counts as English unless the identifier is sure *and* most of its words are not common English words.
"""

from __future__ import annotations

import base64
import binascii
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from wordfreq import available_languages, get_frequency_dict, zipf_frequency

from answering.guardrails.text import PatternList

#: Below this confidence the identifier's "not English" is not trusted.
MIN_CONFIDENCE = 0.30
#: A word counts as English when it is at least this common in English (zipf 3 ≈ once per million words) and
#: at least as common in English as in the identified language.
ENGLISH_WORD_ZIPF = 3.0
MIN_ENGLISH_WORD_SHARE = 0.5
#: With this many words, a message of which fewer than this share are English words is not English, whatever
#: the identifier says (it knows little romanised Hindi, Urdu or Arabic: "piliya kyu hota hai").
MIN_WORDS_ALONE = 3
MAX_ENGLISH_SHARE_ALONE = 0.25
#: Hindi, Urdu and Arabic typed in Latin letters: this many different common words of theirs (``patterns/
#: romanised.txt``), in a message under this share of English words, make it not English.
MIN_ROMANISED_WORDS = 3
MAX_ENGLISH_SHARE_ROMANISED = 0.6
#: Letters outside the Latin script beyond this share make a message non-English outright.
MAX_NON_LATIN_SHARE = 0.3
_WORD = re.compile(r"[^\W\d_]+")
_WORDFREQ_LANGUAGES = frozenset(available_languages("best"))
_BASE64_TOKEN = re.compile(r"[A-Za-z0-9+/]{16,}={0,2}")


@dataclass(frozen=True)
class LanguageVerdict:
    english: bool
    language: str  # ISO 639-1 code, "en" when English
    reason: str


@cache
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _non_latin_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum("LATIN" not in unicodedata.name(c, "") for c in letters) / len(letters)


def _english_word_share(text: str, language: str) -> float:
    words = _WORD.findall(text.lower())
    if not words:
        return 1.0
    english = sum(_is_english_word(w, language) for w in words)
    return english / len(words)


def _is_english_word(word: str, language: str) -> bool:
    """Common in English and no less common in ``language``, or a word of medical writing no more common in a
    listed language than in English ("radioembolization", not "hepaticas")."""
    english = _zipf(word, "en")
    if english >= ENGLISH_WORD_ZIPF and english >= _zipf(word, language):
        return True
    medical = PatternList.load("medical_word").matches(word)
    return medical and all(english >= _zipf(word, other) for other in (language, *_LATIN_LISTED))


@lru_cache(maxsize=50_000)
def _zipf(word: str, language: str) -> float:
    """wordfreq's frequency; 0 for a language it has no list for (it would guess a neighbour, noisily)."""
    if language not in _WORDFREQ_LANGUAGES:
        return 0.0
    return zipf_frequency(word, language, wordlist="best")


def _romanised_words(text: str) -> set[str]:
    lowered = text.lower()
    return {m.group(0) for p in PatternList.load("romanised").patterns for m in p.finditer(lowered)}


def detect_language(text: str) -> LanguageVerdict:
    if _non_latin_share(text) > MAX_NON_LATIN_SHARE:
        language, _ = _identifier().classify(text)
        return LanguageVerdict(False, language, "non-Latin script")
    language, confidence = _identifier().classify(text)
    share = _english_word_share(text, language)
    romanised = _romanised_words(text)
    if len(romanised) >= MIN_ROMANISED_WORDS and share < MAX_ENGLISH_SHARE_ROMANISED:
        return LanguageVerdict(
            False, language, f"romanised Hindi/Urdu/Arabic words: {', '.join(sorted(romanised))}"
        )
    if len(_WORD.findall(text)) >= MIN_WORDS_ALONE and share < MAX_ENGLISH_SHARE_ALONE:
        return LanguageVerdict(False, language, f"{share:.0%} English words")  # romanised Hindi, Arabizi
    if language == "en" or confidence < MIN_CONFIDENCE:
        return LanguageVerdict(True, "en", f"identifier {language} {confidence:.2f}")
    if share >= MIN_ENGLISH_WORD_SHARE:
        return LanguageVerdict(True, "en", f"{share:.0%} English words")
    return LanguageVerdict(
        False, language, f"identifier {language} {confidence:.2f}, {share:.0%} English words"
    )


#: The languages with emergency phrase lists written in Latin letters (``patterns/multilingual/``).
_LATIN_LISTED = ("es", "fr", "de", "pt", "it", "pl", "nl")


def warm_up() -> None:
    """Load the identifier and the word lists every English message may need (~1 s), at start-up: loaded on first
    use they held the GIL inside a patient's turn, and every other patient waited."""
    _identifier()
    for language in ("en", *_LATIN_LISTED):
        get_frequency_dict(language, "best")


def holds_other_language(text: str) -> bool:
    """Does an English message carry words of another language ("my dad no puede respirar")? Letters of
    another script, or a word rare in English but common in a listed language."""
    if _non_latin_share(text) > 0:
        return True
    return any(
        _zipf(word, "en") < ENGLISH_WORD_ZIPF
        and any(_zipf(word, lang) >= ENGLISH_WORD_ZIPF for lang in _LATIN_LISTED)
        for word in set(_WORD.findall(text.lower()))
        if len(word) > 2
    )


def decode_encoded(text: str) -> str | None:
    """The text hidden in a base64 message (most of the message one blob), or None."""
    blobs = _BASE64_TOKEN.findall(text)
    if not blobs or sum(map(len, blobs)) < 0.6 * len(text.replace(" ", "")):
        return None
    decoded = []
    for blob in blobs:
        try:
            decoded.append(base64.b64decode(blob + "=" * (-len(blob) % 4), validate=True).decode("utf-8"))
        except (binascii.Error, UnicodeDecodeError):
            return None
    plain = " ".join(decoded)
    return plain if plain.strip() and all(c.isprintable() or c.isspace() for c in plain) else None
