"""One English stemmer for every place that compares words by stem (BM25, plain-language checks, aspects).

"swelling" and "swell", "fevers" and "fever" are the same word to a patient; comparing stems says so.
"""

from __future__ import annotations

from functools import cache

import Stemmer


@cache
def stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


def stems(words: list[str]) -> set[str]:
    return set(stemmer().stemWords(words))
