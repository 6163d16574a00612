"""What every room uses.

- `once` and `scopes`: every change the UI sends is sent exactly once per deliberate click; the kinds of change,
  named once.
- `lookups`: cached reads of Gentrace (pipelines, datasets, a dataset's cases), shared by every session.
- `database`: the studio's own database, opened once per process.
- `addresses`: the pages' addresses and how a link chooses something once.
- `pipelines`: the one pipeline chooser, which heals when the list cannot be loaded.
- `confirm`: ask, then confirm.
- `feedback`: how a failure is said; `text`: user and API text shown as text; `formatting`: times and counts;
  `pager`: one page of a long list at a time; `scroll`: bringing a result into view.

Session state: `shared_once_*` (the once mechanism). Every other key belongs to the room that passes it in.
"""
