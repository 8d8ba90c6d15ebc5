"""National-scale benchmarks: ``saferelease bench`` and ``saferelease metrics_bench``.

A tool, not part of the product: it generates a synthetic national population with the
demo world's generator (``national.py``) and times the hot paths on it; the figures go to
``docs/benchmarks.md``. No product app imports it.
"""
