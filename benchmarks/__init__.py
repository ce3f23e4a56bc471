"""Side-by-side benchmarks of openai-kit against the official ``openai`` package.

Run ``.venv/bin/python benchmarks/run_sdk.py``; see ``benchmarks/README.md``.
"""
