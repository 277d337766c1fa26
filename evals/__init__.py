"""Evaluation: run a question set through the assistant and score retrieval, facts, citations, routing,
readability and latency, so that a change can be judged with numbers (see DESIGN.md, "Eval runner")."""
