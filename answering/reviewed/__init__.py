"""Reviewed answers: what nurses approved or corrected, served again to the next patient who asks the same thing."""
