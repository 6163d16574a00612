"""Test cases, whoever sends them (the import, an export read back, a deletion).

- `format`: the one case format: canonical JSON, the fingerprint a case is known by without an id (Gentrace has no
  idempotency key), the " (JSON)" heading mark and how a column of JSON text is recognised.
- `delete`: deleting cases several at once; a case already gone counts as deleted.
"""
