"""Emergencies by situation: self-harm and fever patterns, then a learned detector for the patient's own words.

Checked first, because a person in danger needs help now, not a citation. The detector (``emergency_model.py``,
two fine-tuned MiniLMs, alarming when either does) reads what people actually type at the worst moment ("he isn't waking up", "belly blew up
overnight") and tells it from the same words in a textbook question, a plan, an idiom or something long over.
It reads a long message in overlapping windows as well as whole, so an emergency late in a long message is
still found. The red-flag patterns (``patterns/emergency/``) serve text it cannot read.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from typing import Protocol

from answering.guardrails.emergency_model import EmergencyScore
from answering.guardrails.emergency_patterns import (
    EmergencyFinding,
    asks_if_normal,
    is_distanced,
    is_exempt_framing,
    pattern_category,
    without_negated,
)
from answering.guardrails.language import holds_other_language
from answering.guardrails.multilingual import find_multilingual_emergency
from answering.guardrails.reply_kinds import CALM, WordModel, shipped_model
from answering.guardrails.text import PatternList

#: The model reads about this many words of a message at once (its 128-token window). A longer message is also
#: read in overlapping windows of this size, so an emergency late in it is seen, and seen with its context:
#: single sentences read out of context ("fainted in the shower on sunday") caused half the false alarms.
WINDOW_WORDS = 80
WINDOW_STRIDE = 60
#: At most this many windows (a message the pipeline passes on is about 2,000 characters: five or six).
MAX_WINDOWS = 6
#: A message framed as a textbook question, a plan or something long past, with nothing saying it is
#: happening now, must reach this probability rather than the network's own threshold ("why do people with liver
#: mets turn yellow?"). Higher than that threshold on purpose: framing also silences the self-harm and fever
#: patterns. With the network trained on chat statements (2026-12-05), 0.5 lost six held-out emergencies asked
#: as "…normal?" ("she's covered in raised itchy welts and wheezing since the injection, normal?") that 0.2 finds,
#: with no more false alarms on the held-out look-alikes (0.053 against 0.052).
FRAMED_THRESHOLD = 0.2
#: A self-harm or fever pattern in a distanced message ("tried to kill myself when I was 19, fine for decades")
#: stands unless the learned detector's probability is below this. On every labelled set the distanced
#: non-emergencies the patterns caught scored below 0.03, and no emergency a pattern caught scored below it while
#: distanced; hard emergencies written with a past ("in 2019… tonight") scored above 0.99.
DISTANCED_PATTERN_BAR = 0.02
#: Other red flags that decide alone in English, like self-harm: a clinician has already sent the person to
#: emergency care; a count of paracetamol tablets past a day's dose; legs that suddenly cannot move (spinal cord
#: compression); someone who does not wake when called or shaken; the FAST test's arm drift or uneven smile; blood
#: vomited or coughed up again or just now, or lost in quantity; lips or face gone blue or grey, fighting for
#: air, oxygen saturation of 91 % or less; cold and clammy with mottled skin (shock); unable to drink, or
#: diarrhoea seven times or more in a day; new confusion with drowsiness or vomiting; belly pain with someone
#: doubled up or screaming; blood through a dressing or filling the toilet, or sick like coffee grounds; seizures
#: that keep coming or have just started, or a fit just had; someone about to faint; chest pain spreading to the arm,
#: jaw or neck; a throat or face swelling since a medicine.
#: Each is a situation the learned detector read as a calm question ("the GP said I should go to A&E, can it wait
#: until tomorrow?").
DECISIVE_LISTS = {
    "sent_to_emergency": "emergency/sent_to_emergency",
    "overdose_poisoning": "emergency/overdose_now",
    "spinal_cord": "emergency/spinal_cord",
    "unresponsive": "emergency/unresponsive_now",
    "stroke": "emergency/stroke_now",
    "bleeding": "emergency/bleeding_now",
    "breathing": "emergency/breathing_now",
    "sepsis": "emergency/sepsis_now",
    "dehydration": "emergency/dehydration_now",
    "confusion_jaundice": "emergency/confusion_now",
    "abdominal": "emergency/abdominal_now",
    "seizure": "emergency/seizure_now",
    "allergic_reaction": "emergency/allergic_now",
    "chest_pain": "emergency/chest_pain_now",
}


#: The share of a reader's emergency probability on self-harm that makes an emergency found as another category
#: a crisis (``EmergencyDetector._read_as_crisis``). Over every labelled set, 0.5 gave 46 of the 56 self-harm
#: emergencies found without the crisis reply that reply, and 15 of 5,518 other emergencies, most of them
#: overdoses told with despair (one-off comparison, 2026-12-07; 0.15 gave 49 and 35).
CRISIS_SHARE = 0.5
#: A learned alarm on a message the feelings model (``reply_kinds.py``) is this sure only shares feelings, with no
#: red-flag words, is dropped: the message then gets the warm care-team reply, which names the crisis line and the
#: emergency number. Both readers raised confident alarms on "my husband won't talk about it and I feel so alone"
#: (read as a stroke). Over every labelled set (one-off sweep, 2026-12-07), 0.6 would have lost an emergency ("I'm
#: shaking and I feel awful", 0.5 eight), 0.7 none; 0.85 stands down 22 false alarms, none of them an emergency.
#: Self-harm and overdose are never stood down this way: despair is how they are told.
FEELINGS_ONLY_BAR = 0.85
ALWAYS_ALARMED = frozenset({"self_harm", "overdose_poisoning"})
#: A short message the calm-report model (``reply_kinds.CALM``) reads as a symptom told calmly loses a learned alarm
#: when the first reader's probability for it is below this: an unsure network's alarm, or the second reader's
#: alone. Both networks alarmed on "constipated for 4 days now since starting the new painkillers" and "dad's had
#: hiccups on and off for two days now", telling the family to call 999. The message then gets the symptom reply
#: ("if this is new or getting worse, call your care team today"). Over every labelled set (one-off sweep,
#: 2026-12-07, at the model's own threshold 0.7), 0.3 stands down 86 false alarms and no emergency; 0.5 with the
#: model at 0.5 would have lost two ("mum went red and said her chest is tight as the drip started, is that ok",
#: first reader p 0.40), and without this bar the model alone would have lost 5. The model only knows symptoms,
#: so self-harm and overdose are never stood down this way.
CALM_READER_CAP = 0.3


class EmergencyScorer(Protocol):
    """``emergency_model.EmergencyModel``, or a stand-in in the tests."""

    threshold: float

    def scores(self, normalised_texts: list[str]) -> list[EmergencyScore]: ...


def pattern_stands(probability: float) -> bool:
    """Whether a self-harm or fever pattern in a distanced message still decides, given the detector's highest
    probability for the message (the training's threshold choice applies the same rule)."""
    return probability >= DISTANCED_PATTERN_BAR


def windows_of(text: str) -> list[str]:
    """The windows after the first of a message longer than ``WINDOW_WORDS`` (the first is the message as read).

    At most ``MAX_WINDOWS``: those holding a red-flag word first, then the last one (a long story often ends
    with what is happening now), then the others in order.
    """
    words = text.split()
    if len(words) <= WINDOW_WORDS:
        return []
    starts = [*range(WINDOW_STRIDE, len(words) - WINDOW_WORDS, WINDOW_STRIDE), len(words) - WINDOW_WORDS]
    windows = [" ".join(words[start : start + WINDOW_WORDS]) for start in starts]
    flagged = [window for window in windows if pattern_category(window) is not None]
    return list(dict.fromkeys([*flagged, windows[-1], *windows]))[:MAX_WINDOWS]


def deciding_pattern(normalised: str) -> EmergencyFinding | None:
    """A pattern that decides alone: self-harm, a fever now during treatment ("I have a high fever after chemo":
    the policy makes any fever then an emergency, number or not, so it does not wait for the classifier, which
    learned that numbers matter), or one of ``DECISIVE_LISTS`` — unless told as a textbook question, a plan or
    long past with nothing present."""
    return _deciding(
        without_negated(normalised), _silences_patterns(normalised, is_exempt_framing(normalised))
    )


def _silences_patterns(normalised: str, framed: bool) -> bool:
    """A textbook, planning or long-past framing (``framed``) silences the deciding patterns; a question whether
    something is normal does not: people ask it of what they are living ("is it normal to want to die?", "…to have
    black tarry poo?")."""
    return framed and not asks_if_normal(normalised)


def _deciding(text: str, framed: bool) -> EmergencyFinding | None:
    """``text`` without reassuring negations; ``framed``: the message's framing exempts it."""
    return _self_harm(text, framed) or _fever_on_treatment(text, framed) or _decisive(text, framed)


def _self_harm(text: str, framed: bool) -> EmergencyFinding | None:
    match = PatternList.load("emergency/self_harm").first_match(text)
    if match is None or framed:
        return None
    return EmergencyFinding("self_harm", f"pattern: {match.group(0)!r}")


def _fever_on_treatment(text: str, framed: bool) -> EmergencyFinding | None:
    fever = PatternList.load("emergency/fever_now").first_match(text)
    if fever is None or not PatternList.load("emergency/on_treatment").matches(text) or framed:
        return None
    return EmergencyFinding("fever_chemo", f"pattern: {fever.group(0)!r}")


def _decisive(text: str, framed: bool) -> EmergencyFinding | None:
    """The first of ``DECISIVE_LISTS`` that matches, unless the message's framing exempts it."""
    if framed:
        return None
    for category, name in DECISIVE_LISTS.items():
        match = PatternList.load(name).first_match(text)
        if match is not None:
            return EmergencyFinding(category, f"pattern: {match.group(0)!r}")
    return None


def _read_as_self_harm(found: EmergencyFinding | None, text: str) -> EmergencyFinding | None:
    """An emergency that also holds words of self-harm, even framed ("is it normal to feel like ending it all?
    i've got all my oxycodone out"), or an overdose told with intent ("gonna take the rest, don't call anyone"),
    is self-harm: the crisis reply (which gives the emergency number first)."""
    if not found or found.category == "self_harm":
        return found
    words = PatternList.load("emergency/self_harm").first_match(text)
    if words:
        return EmergencyFinding("self_harm", f"{found.evidence}; self-harm words: {words.group(0)!r}")
    if found.category == "overdose_poisoning" and PatternList.load("emergency/intent").matches(text):
        return EmergencyFinding("self_harm", f"{found.evidence}; intent: overdose told as meant")
    return found


def stands_down(normalised: str) -> bool:
    """The learned detector's alarm alone is dropped: professional help is already there ("the paramedics are here":
    "call 999 now" helps no one), or the message only thanks and signs off. A deciding pattern still decides."""
    return any(
        PatternList.load(name).matches(normalised) for name in ("emergency/help_present", "emergency/closing")
    )


def find_by_patterns(normalised: str) -> EmergencyFinding | None:
    """The red-flag patterns alone, with the exemptions: for text the classifier cannot read (not English)."""
    matched = pattern_category(normalised)
    if matched and not is_exempt_framing(normalised):
        return EmergencyFinding(matched[0], f"pattern: {matched[1]!r}")
    return None


class EmergencyDetector:
    """Self-harm, fever-on-treatment and the other decisive patterns (``DECISIVE_LISTS``) decide alone, unless the
    message is distanced (long past, denied, a course or the news) and the learned detector rules the emergency
    out; the rest is the learned detector's, over the message and its windows.

    The learned detector is one or more readers, each with its own threshold; any one alarming is an alarm. The
    shipped pair: the first network, and a second trained with more self-harm told without the words ("I've
    written letters to the kids… I won't need this app after tonight") that alarms only when sure. Beside the
    first, the second found 6 more emergencies of 2,511 in blind probes and lost none, at 75 more false alarms
    of 2,581 look-alikes (``training/emergency/candidates/README.md``).

    The medical red-flag patterns do not decide in English: on their own they fire on "I laughed till I
    couldn't breathe" and "nearly had a heart attack at the parking fine".
    """

    def __init__(
        self,
        *readers: EmergencyScorer,
        threads: int = 1,
        feelings: WordModel | None = None,
        calm: WordModel | None = None,
    ) -> None:
        """``threads``: for the later readers' runs (``_Readings``), one per patient answered at once
        (``Settings.chat_concurrency``)."""
        if not readers:
            raise ValueError("the emergency detector needs at least one reader")
        self.readers = readers
        self.feelings = feelings or shipped_model("feelings")
        self.calm = calm or shipped_model(CALM)
        self._ahead = ThreadPoolExecutor(threads, thread_name_prefix="emergency-reader")

    def find(self, normalised: str) -> EmergencyFinding | None:
        """For English text. Other languages' phrases are looked for too (a message may mix them), unless the
        framing exempts it ("suicidal" is Spanish as well as English)."""
        text, framed = without_negated(normalised), is_exempt_framing(normalised)
        readings = None
        pattern = _deciding(text, _silences_patterns(normalised, framed))
        if pattern and not is_distanced(normalised):
            found: EmergencyFinding | None = pattern
        else:
            readings = self._readings(text)
            classified, probability = self._classified(text, framed, readings)
            found = pattern if pattern and pattern_stands(probability) else classified
        if (
            found is not None
            and found is not pattern
            and (stands_down(text) or self._only_signs_not_alone(text, framed))
        ):
            return None
        if found or framed:
            readings = readings or self._readings(text)
            found = self._read_as_crisis(_read_as_self_harm(found, text), readings)
            if found is None or found is pattern or found.category in ALWAYS_ALARMED:
                return found
            return (
                None if self._only_feelings(normalised) or self._calm_report(normalised, readings) else found
            )
        # The twelve languages' lists cost ~10 ms: read them only when the message holds another language.
        return find_multilingual_emergency(text) if holds_other_language(text) else None

    def _read_as_crisis(self, found: EmergencyFinding | None, readings: _Readings) -> EmergencyFinding | None:
        """An emergency found as another category is self-harm when a reader alarming on the message puts
        ``CRISIS_SHARE`` of it on self-harm: the second reader, which learnt self-harm told without the words,
        reads "I've put aside the tablets the hospice gave me and a bottle of whisky" as self-harm where the first
        reads poisoning. A message a pattern decided is read only when the pattern found another category."""
        if found is None or found.category == "self_harm":
            return found
        for number, reader in enumerate(self.readers, start=1):
            score = readings.whole(number)
            if score.probability >= reader.threshold and score.self_harm_share >= CRISIS_SHARE:
                evidence = f"{found.evidence}; reader {number} reads self-harm ({score.self_harm_share:.2f})"
                return EmergencyFinding("self_harm", evidence)
        return found

    def _only_feelings(self, normalised: str) -> bool:
        """Whether a learned alarm rests on feelings alone (``FEELINGS_ONLY_BAR``)."""
        return (
            pattern_category(normalised) is None
            and self.feelings.probability(normalised) >= FEELINGS_ONLY_BAR
        )

    def _calm_report(self, normalised: str, readings: _Readings) -> bool:
        """Whether a learned alarm is an unsure one on a short symptom report told calmly (``CALM_READER_CAP``)."""
        return (
            not windows_of(normalised)
            and readings.whole(1).probability < CALM_READER_CAP
            and self.calm.decides(normalised)
        )

    def _only_signs_not_alone(self, text: str, framed: bool) -> bool:
        """Whether the learned detector's alarm rests on signs that are no emergency alone (dark urine, pale
        stools: ``not_alone.txt``): read without them, the message raises none."""
        rest, signs = PatternList.load("emergency/not_alone").strip(text)
        return bool(signs) and self._classified(rest, framed, self._readings(rest))[0] is None

    def _readings(self, text: str) -> _Readings:
        return _Readings(self.readers, text, self._ahead)

    def _classified(
        self, text: str, framed: bool, readings: _Readings
    ) -> tuple[EmergencyFinding | None, float]:
        """The first reader's finding that alarms, in order, and the highest probability read (``_Readings``
        runs the later readers beside the first)."""
        highest = 0.0
        for number, reader in enumerate(self.readers, start=1):
            finding, probability = _read(reader, readings, number, framed)
            highest = max(highest, probability)
            if finding:
                return finding, highest
        return None, highest


class _Readings:
    """Each reader's scores of a message, whole and in windows, read at most once whether they decide the alarm
    or the crisis reply. The later readers read the whole message on threads of their own at once, and their
    windows as soon as the first reader needs its own (onnxruntime releases the GIL, so on two cores a second run
    adds little wall time); the first reader reads in the caller's thread, when first asked."""

    def __init__(self, readers: tuple[EmergencyScorer, ...], text: str, pool: ThreadPoolExecutor) -> None:
        self._readers, self._text, self._pool = readers, text, pool
        self._whole_ahead = [pool.submit(reader.scores, [text]) for reader in readers[1:]]
        self._first_whole: EmergencyScore | None = None
        self._windows: list[str] | None = None
        self._windows_ahead: list[Future[list[EmergencyScore]]] = []
        self._first_windows: list[EmergencyScore] | None = None

    def whole(self, number: int) -> EmergencyScore:
        """Reader ``number``'s (from 1) score of the whole message."""
        if number > 1:
            return self._whole_ahead[number - 2].result()[0]
        if self._first_whole is None:
            self._first_whole = self._readers[0].scores([self._text])[0]
        return self._first_whole

    def windows(self, number: int) -> list[EmergencyScore]:
        """Reader ``number``'s scores of the message's windows (none for a short one); only asked when the whole
        message did not alarm, as they cost another run."""
        if self._windows is None:
            self._windows = windows_of(self._text)
            if self._windows:
                self._windows_ahead = [self._pool.submit(r.scores, self._windows) for r in self._readers[1:]]
        if not self._windows:
            return []
        if number > 1:
            return self._windows_ahead[number - 2].result()
        if self._first_windows is None:
            self._first_windows = self._readers[0].scores(self._windows)
        return self._first_windows


def _read(
    reader: EmergencyScorer, readings: _Readings, number: int, framed: bool
) -> tuple[EmergencyFinding | None, float]:
    """Reader ``number``'s finding over the message and its windows, and the highest probability it read. A
    framed message must reach ``FRAMED_THRESHOLD`` or the reader's own threshold, whichever is higher."""
    name = "classifier" if number == 1 else f"reader {number}"
    bar = max(FRAMED_THRESHOLD, reader.threshold) if framed else reader.threshold
    whole = readings.whole(number)
    highest = whole.probability
    if whole.probability >= bar:
        return EmergencyFinding(whole.category, f"{name} p={highest:.2f} (message)"), highest
    for index, score in enumerate(readings.windows(number), start=1):
        highest = max(highest, score.probability)
        if score.probability >= bar:
            return EmergencyFinding(
                score.category, f"{name} p={score.probability:.2f} (window {index})"
            ), highest
    return None, highest
