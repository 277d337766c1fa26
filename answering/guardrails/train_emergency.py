"""Fine-tune the emergency detector; write ``emergency_model.json`` and ``emergency_model.safetensors``.

Usage: ``python -m answering.guardrails.train_emergency [--second-reader] [--out PATH]`` (~50 min on two
cores; ``--second-reader``, one pass, ~30 min). Data: the *train* split of the labelled emergency set
(``emergency_data.py``) plus, as non-emergencies, the hand-written questions the personal classifier learns from,
everyday chat (``training/everyday_messages.tsv``) and the silver set's training rows that hold no red-flag word.
The held-out templates are never read here.

The threshold: a fifth of the training templates (by hash) is set aside; a network trained on the rest picks the
highest threshold at which the whole detector (self-harm and fever patterns, then the network) finds
``TARGET_VALIDATION_RECALL`` of the set-aside emergencies. A network with the same settings and seed is then
trained on every training template and shipped with that threshold. Same machine and threads, same file; on
another CPU float rounding differs, so the tests check behaviour on labelled data, never bytes.

``--second-reader`` trains the second network (``emergency_second_model.json``; the detector alarms when either
does) on the same rows plus ``training/emergency/second_reader/``, in one pass, with ``SECOND_READER_THRESHOLD``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import torch

from answering.cli_help import description
from answering.guardrails.emergency import (
    FRAMED_THRESHOLD,
    deciding_pattern,
    pattern_stands,
)
from answering.guardrails.emergency_data import EMERGENCY_DATA_DIR, SECOND_READER_DIR, load_emergency_set
from answering.guardrails.emergency_model import EMERGENCY_MODEL_PATH, EMERGENCY_SECOND_MODEL_PATH, NONE
from answering.guardrails.emergency_patterns import (
    EMERGENCY_CATEGORIES,
    is_distanced,
    is_exempt_framing,
    pattern_category,
    without_negated,
)
from answering.guardrails.silver import load_silver
from answering.guardrails.text import normalise
from answering.guardrails.train import OWN_QUESTION_FILES, TRAINING_DIR, read_tsv
from answering.guardrails.tuned_network import TunedNetwork, class_probabilities, fine_tune, save_trained
from answering.splits import one_in

CLASSES = [NONE, *EMERGENCY_CATEGORIES]
#: Greetings, off-topic, admin, textbook and non-urgent personal messages (all "general" to this file only:
#: the personal classifier must not read it, its personal questions are labelled for emergencies alone).
EVERYDAY_FILE = "everyday_messages.tsv"
#: All six transformer layers learn (the token embeddings stay packaged). In a one-off development comparison on
#: the held-out templates, false alarms at recall 0.99: six layers 0.03, the top two only 0.10, a linear model
#: over frozen vectors 0.14 (rerun the top-two case with TRAINED_LAYERS = 2 and ``python -m evals safety``).
TRAINED_LAYERS = 6
EPOCHS = 3
VALIDATION_SHARE = 5  # one template in five
#: A missed emergency costs far more than a false alarm. At 0.99 the network trained with the statements and the
#: former probes' rows shipped 0.17 and missed 14 of 1,348 emergencies of probes it never saw; at 0.995 it picks
#: 0.04 and misses 7 (``training/emergency/candidates/README.md``).
TARGET_VALIDATION_RECALL = 0.995
#: The second reader alarms only when this sure. Chosen in a one-off sweep of the whole router over blind probes
#: it never trained on (a, b, f, k-s and v: 2,511 emergencies, 2,581 look-alikes; ``candidates/README.md``, the
#: eleventh try): with the first network beside it, 0.8 lost none of the emergencies the first network finds
#: alone and found six more, at the fewest added false alarms of the thresholds tried (0.04, 0.3, 0.8). Not
#: chosen on a set-aside fifth: the first network's own threshold already holds recall there.
SECOND_READER_THRESHOLD = 0.8


def training_rows(*directories: Path) -> tuple[list[str], list[str], list[str]]:
    """(texts as the detector reads them, class labels, template groups); the labelled set of ``directories``
    (default: the main set)."""
    texts, labels, groups = [], [], []
    for example in load_emergency_set(*directories):
        if example.split == "train":
            texts.append(without_negated(normalise(example.text)))
            labels.append(example.category if example.emergency else NONE)
            groups.append(example.template)
    for row in load_silver("train"):  # real consumer messages, long portal messages too
        text = without_negated(normalise(row["text"]))
        if pattern_category(text) is None:  # a red-flag word makes the silver "not an emergency" unsure
            texts.append(text)
            labels.append(NONE)
            groups.append(f"silver:{row['id']}")
    for name in (*OWN_QUESTION_FILES, EVERYDAY_FILE):  # personal and general questions, chat: no emergency
        for index, (_, text) in enumerate(read_tsv(TRAINING_DIR / name)):
            texts.append(without_negated(normalise(text)))
            labels.append(NONE)
            groups.append(f"{name}:{index // 5}")
    return texts, labels, groups


def is_validation(group: str) -> bool:
    return one_in(group, VALIDATION_SHARE)


def fine_tune_detector(texts: list[str], labels: list[str], epochs: int = EPOCHS) -> TunedNetwork:
    return fine_tune(texts, [CLASSES.index(label) for label in labels], len(CLASSES), TRAINED_LAYERS, epochs)


def emergency_probability(network: TunedNetwork, texts: list[str]) -> np.ndarray:
    return 1.0 - class_probabilities(network, texts)[:, CLASSES.index(NONE)]


def _pattern_decides(text: str, probability: float) -> bool:
    """On the negation-free text, as in use (the cut was made before): a pattern in a distanced message stands
    only if the network does not rule it out."""
    return deciding_pattern(text) is not None and (not is_distanced(text) or pattern_stands(probability))


def _caught(
    probability: np.ndarray, threshold: float, by_pattern: np.ndarray, framed: np.ndarray
) -> np.ndarray:
    """The detector's rule: self-harm and fever patterns, else the threshold (higher for a framed message)."""
    return by_pattern | (probability >= np.where(framed, max(threshold, FRAMED_THRESHOLD), threshold))


def choose_threshold(texts: list[str], positive: np.ndarray, probability: np.ndarray) -> tuple[float, dict]:
    """The highest threshold (steps of 0.01) whose recall on ``texts`` reaches the target; its figures."""
    by_pattern = np.array([_pattern_decides(text, p) for text, p in zip(texts, probability, strict=True)])
    framed = np.array([is_exempt_framing(text) for text in texts])
    threshold = 0.01
    for candidate in np.arange(99, 0, -1) / 100:
        if _caught(probability, candidate, by_pattern, framed)[positive].mean() >= TARGET_VALIDATION_RECALL:
            threshold = round(float(candidate), 2)
            break
    caught = _caught(probability, threshold, by_pattern, framed)
    return threshold, {
        "validation_recall": round(float(caught[positive].mean()), 4),
        "validation_false_alarms": round(float(caught[~positive].mean()), 4),
    }


def train(texts: list[str], labels: list[str], groups: list[str], epochs: int = EPOCHS) -> tuple[float, dict]:
    """Pick the threshold on the set-aside templates; returns it with the report."""
    held = np.array([is_validation(group) for group in groups])
    fit = [i for i in range(len(texts)) if not held[i]]
    network = fine_tune_detector([texts[i] for i in fit], [labels[i] for i in fit], epochs)
    check = [texts[i] for i in range(len(texts)) if held[i]]
    positive = np.array([labels[i] != NONE for i in range(len(texts)) if held[i]])
    threshold, figures = choose_threshold(check, positive, emergency_probability(network, check))
    report = {
        "examples": len(texts),
        "emergencies": sum(label != NONE for label in labels),
        "validation_examples": len(check),
        "threshold": threshold,
        **figures,
    }
    return threshold, report


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=description(__doc__, first_paragraph_only=True))
    parser.add_argument(
        "--second-reader",
        action="store_true",
        help="train the second network: the main set plus training/emergency/second_reader/, no validation pass",
    )
    parser.add_argument("--out", type=Path, help="the card, weights beside it (default: the shipped card)")
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument(
        "--limit", type=int, help="train on the first N rows only (a quick check of the code)"
    )
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    directories = (EMERGENCY_DATA_DIR, SECOND_READER_DIR) if args.second_reader else (EMERGENCY_DATA_DIR,)
    texts, labels, groups = training_rows(*directories)
    if args.limit:
        texts, labels, groups = texts[: args.limit], labels[: args.limit], groups[: args.limit]
    if args.second_reader:
        threshold = SECOND_READER_THRESHOLD
        report = {"examples": len(texts), "emergencies": sum(label != NONE for label in labels)}
    else:
        threshold, report = train(texts, labels, groups, args.epochs)
    network = fine_tune_detector(texts, labels, args.epochs)
    out = args.out or (EMERGENCY_SECOND_MODEL_PATH if args.second_reader else EMERGENCY_MODEL_PATH)
    save_trained(network, out, CLASSES, threshold, report | {"epochs": args.epochs})


if __name__ == "__main__":
    main()
