"""Choose the matcher's threshold on the training templates of the pair set; report the held-out ones.

Usage: ``python -m answering.reviewed.calibrate``. Prints the lowest cosine (steps of 0.01) at which no
training pair that asks something else is served, with its figures on both splits. ``matching.MATCH_THRESHOLD``
holds the value printed.
"""

from __future__ import annotations

import numpy as np

from answering.embeddings import reference_vectors
from answering.glossary import GLOSSARY_FILE, load_glossary
from answering.reviewed.pairs import load_pairs, pair_similarities, serving_figures
from answering.settings import PROJECT_ROOT

TARGET_PRECISION = 1.0


def lowest_precise_threshold(similarities: np.ndarray, same: np.ndarray) -> float:
    for threshold in np.arange(50, 100) / 100:
        if serving_figures(similarities, same, threshold)["precision"] >= TARGET_PRECISION:
            return round(float(threshold), 2)
    return 1.0


def main() -> None:
    pairs = load_pairs()
    glossary = load_glossary(PROJECT_ROOT / "corpus" / GLOSSARY_FILE)
    similarities = pair_similarities(pairs, reference_vectors, glossary)
    same = np.array([p.same for p in pairs])
    training = np.array([p.split != "held_out" for p in pairs])
    threshold = lowest_precise_threshold(similarities[training], same[training])
    print(f"threshold {threshold}")
    for name, part in (("training", training), ("held out", ~training)):
        print(name, serving_figures(similarities[part], same[part], threshold))


if __name__ == "__main__":
    main()
