"""Train the reply-kind models and the calm-report model; write ``<kind>_model.json`` (``reply_kinds.MODELS``).

Usage: ``python -m answering.guardrails.train_reply_kinds`` (~20 s for all four; ``--kind`` for one). The data:
the emergency set's training split — its emergencies, and its look-alikes, whose kinds say what they are
(emotional: feelings; a mild, slow or expected symptom: symptom; asked ahead: plan) — and ``training/reply_kinds/``
(helper-written feelings, symptom reports, plans and decision questions, feelings words used otherwise, calm symptom
reports beside emergencies told as calmly, plans beside the same signs happening now). Feelings and plans are told
apart from everything else, emergencies included; a symptom report from feelings, plans, decisions and general
questions (emergencies, told in the same words, are left out: a missed one is better told "call today" than "ask at
your visit"). Everyday chat is none of them. The calm model tells calm symptom reports from emergencies, and
nothing else: it is only asked about messages a network alarmed on.

Validation: one template in five of the emergency set's training split and of ``training/reply_kinds/``. The
emergency set's held-out split is never read, so the safety evaluation's held-out figures stay unseen. The
threshold is the lowest (steps of 0.05) whose validation false-positive share is at most the model's
``MAX_VALIDATION_FALSE_SHARE``; the model is then fitted on every row read and shipped with its validation figures.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from answering.cli_help import description
from answering.guardrails.emergency_data import EmergencyExample, load_emergency_set
from answering.guardrails.reply_kinds import CALM, MODELS, VECTORISER_OPTIONS, model_path
from answering.guardrails.text import normalise
from answering.guardrails.train import OWN_QUESTION_FILES, TRAINING_DIR, read_tsv
from answering.guardrails.train_emergency import EVERYDAY_FILE
from answering.splits import one_in

REPLY_KINDS_DIR = TRAINING_DIR / "reply_kinds"
#: The emergency set's kinds of look-alike that are each model's kind.
SYMPTOM_KINDS = frozenset(
    {"care_team_symptom", "mild_symptom", "slow_symptom", "expected_effect", "resolved"}
)
EMERGENCY_SET_KINDS = {
    "feelings": frozenset({"emotion", "emotional", "emotional_not_crisis", "emotional_ok"}),
    "symptom": SYMPTOM_KINDS,
    "plan": frozenset({"hypothetical", "plan"}),
    CALM: SYMPTOM_KINDS | {"stable_mild", "mild_chronic"},
}
REGULARISATION = 3.0
#: The share of set-aside messages of other kinds a model may take for its own. A decision question read as
#: feelings hears the warm reply instead of the calm one: mild, but not free. Read as a symptom it hears "if this is
#: new or worse, call your care team today", where a symptom missed hears "ask at your next visit", which is worse;
#: and the symptom kinds of the emergency set's look-alikes are fuzzy (a nosebleed long stopped is not one). An
#: emergency read as calm may lose its alarm, so that model's share is the smallest.
MAX_VALIDATION_FALSE_SHARE = {"feelings": 0.02, "symptom": 0.1, "plan": 0.01, CALM: 0.005}


def labelled_rows(kind: str) -> list[tuple[str, bool, bool]]:
    """(normalised text, of ``kind``, set aside for validation) for every row that says whether it is."""
    rows = [
        (normalise(example.text), label, one_in(f"emergency:{example.template}", 5))
        for example in load_emergency_set()
        if example.split == "train" and (label := _emergency_set_label(kind, example)) is not None
    ]
    for path in sorted(REPLY_KINDS_DIR.glob("*.jsonl")):
        for row in map(json.loads, filter(str.strip, path.read_text(encoding="utf-8").splitlines())):
            if (label := _written_label(kind, row["label"])) is not None:
                rows.append((normalise(row["text"]), label, one_in(f"reply_kinds:{row['template']}", 5)))
    if kind == CALM:
        return rows
    for name in (*OWN_QUESTION_FILES, EVERYDAY_FILE):
        rows.extend(
            (normalise(text), False, False)
            for label, text in read_tsv(TRAINING_DIR / name)
            if kind == "feelings" or label != "personal"  # a personal question may report a symptom
        )
    return rows


def _emergency_set_label(kind: str, example: EmergencyExample) -> bool | None:
    if example.emergency:
        return None if kind == "symptom" else False
    if kind == CALM and example.kind not in EMERGENCY_SET_KINDS[CALM]:
        return None
    return example.kind in EMERGENCY_SET_KINDS[kind]


def _written_label(kind: str, label: str) -> bool | None:
    """A ``training/reply_kinds/`` label (feelings, not_feelings, symptom, plan, decision, calm, urgent, now) as one
    model's: ``not_feelings`` mixes symptoms, idioms and emergencies; ``urgent`` and ``now`` rows are emergencies."""
    calm_report, emergency = label in ("symptom", "calm"), label in ("urgent", "now")
    if kind in ("feelings", "plan"):
        return label == kind
    if kind == "symptom":
        return None if label == "not_feelings" or emergency else calm_report
    return True if calm_report else False if emergency else None


def fit(texts: list[str], labels: list[bool]) -> tuple[TfidfVectorizer, LogisticRegression]:
    vectoriser = TfidfVectorizer(**VECTORISER_OPTIONS)
    model = LogisticRegression(C=REGULARISATION, max_iter=3000, class_weight="balanced")
    return vectoriser, model.fit(vectoriser.fit_transform(texts), labels)


def choose_threshold(probability: np.ndarray, of_kind: np.ndarray, most_false: float) -> tuple[float, dict]:
    for threshold in np.arange(0.05, 1.0, 0.05):
        found = probability >= threshold
        if found[~of_kind].mean() <= most_false:
            return round(float(threshold), 2), {
                "recall": round(float(found[of_kind].mean()), 3),
                "false_share": round(float(found[~of_kind].mean()), 3),
                "of_the_kind": int(of_kind.sum()),
                "others": int((~of_kind).sum()),
            }
    raise ValueError("no threshold keeps the validation false positives low enough")


def card(vectoriser: TfidfVectorizer, model: LogisticRegression, threshold: float, training: dict) -> dict:
    vocabulary = sorted(vectoriser.vocabulary_, key=vectoriser.vocabulary_.get)
    return {
        "model": "word and word-pair TF-IDF, logistic regression (scikit-learn)",
        "threshold": threshold,
        "training": training,
        "bias": round(float(model.intercept_[0]), 6),
        "vocabulary": {term: index for index, term in enumerate(vocabulary)},
        "idf": [round(float(value), 6) for value in vectoriser.idf_],
        "weights": [round(float(value), 6) for value in model.coef_[0]],
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=description(__doc__, first_paragraph_only=True))
    parser.add_argument("--kind", choices=MODELS, action="append", help="default: every model")
    parser.add_argument("--out-dir", type=Path, help="default: beside reply_kinds.py")
    args = parser.parse_args(argv)
    for kind in args.kind or MODELS:
        out = args.out_dir / model_path(kind).name if args.out_dir else model_path(kind)
        threshold, figures = train(kind, out)
        print(f"{kind}: threshold {threshold}; validation: {figures}; wrote {out}")


def train(kind: str, out: Path) -> tuple[float, dict]:
    rows = labelled_rows(kind)
    texts = np.array([text for text, _, _ in rows], dtype=object)
    labels = np.array([label for _, label, _ in rows])
    validation = np.array([aside for _, _, aside in rows])
    vectoriser, model = fit(texts[~validation].tolist(), labels[~validation].tolist())
    probability = model.predict_proba(vectoriser.transform(texts[validation].tolist()))[:, 1]
    threshold, figures = choose_threshold(probability, labels[validation], MAX_VALIDATION_FALSE_SHARE[kind])
    vectoriser, model = fit(texts.tolist(), labels.tolist())
    training = {"examples": len(texts), "of_the_kind": int(labels.sum()), "validation": figures}
    out.write_text(json.dumps(card(vectoriser, model, threshold, training)) + "\n", encoding="utf-8")
    return threshold, figures


if __name__ == "__main__":
    main()
