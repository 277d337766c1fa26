"""Turn a folder of approved documents into a Chroma collection and a BM25 index, incrementally."""
