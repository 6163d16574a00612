"""Talking to Gentrace: the request models, the HTTP client and where the connection comes from.

Nothing here imports streamlit, so the same code serves the app, scripts and tests.
"""

VERSION = "0.1.0"
