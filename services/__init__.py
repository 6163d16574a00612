"""What the studio decides, one package per capability (gentrace, database, datasets, cases, importing, exporting,
history, health, activity), plus access, prefill and settings. The rooms of `components/` ask and show; these
decide and talk to Gentrace.

Nothing here imports streamlit, so the same code serves the app, scripts and tests.
"""

VERSION = "0.1.0"
