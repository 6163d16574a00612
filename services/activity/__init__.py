"""Who did what: the audit trail of every change the studio makes in Gentrace.

- `log`: one JSON line per change, to the app log and to an append-only file (`STUDIO_AUDIT_LOG`); `Recorder`, the
  log with who is acting filled in, for work that outlives a script run.
- `actions`: the actions recorded, and each entry said as a sentence ("Imported test cases: 5 created").
"""
