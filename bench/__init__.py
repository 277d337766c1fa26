"""Benchmarks that print numbers (``python -m bench.<script>``); figures and commands in bench/README.md."""
