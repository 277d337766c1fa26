"""The nurse review store: every patient turn, its feedback and the nurses' verdicts, as an audit trail."""
