"""Test cases, whoever sends them (the import, an export read back, a deletion).

- `format`: the one case format: canonical JSON, the fingerprint a case is known by without an id (Gentrace has no
  idempotency key), the " (JSON)" heading mark and how a column of JSON text is recognised.
- `columns`: cases as a table with a column per key, and how one value reads in a cell.
- `change`: adding, editing, deleting cases and undoing a history entry, as one path of (before, after) pairs.
"""
