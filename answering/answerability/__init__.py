"""Does a source sentence answer the question asked — not just mention its topic?

A verbatim quote always supports itself, so support alone cannot tell "TACE delivers chemotherapy…" from an
answer to "what are the side effects of TACE?". A small learned model scores each (question, sentence) pair;
the extractive answer keeps the sentences that answer and declines when none does.
"""
