"""Test cases, whoever sends them (the import, an export read back, a change by hand, an undo, a fix).

- `format`: the one case format: canonical JSON, the fingerprint a case is known by without an id (Gentrace has no
  idempotency key), the " (JSON)" heading mark and how a column of JSON text is recognised.
- `content`: a case's content (name, inputs, expected outputs) and a change as pairs (before, after); the one
  conversion of a Gentrace test case into its content.
- `columns`: cases as a table with a column per key, and how one value reads in a cell.
- `form`: one case typed by hand, field by field, each typed.
- `change`: the one path of every change to cases: check, record (the history, through `ChangeRecord`), send
  (create then delete), report.
"""
