"""The history of a dataset's cases: the store every session shares, the History section (newest first, paged, each
entry's difference), undoing an entry, and the field-by-field difference that an edit's and a fix's review show too.

Session state: `history_page_<dataset>`, `history_undo_asking_<dataset>`, and the buttons (`history_*`)."""
