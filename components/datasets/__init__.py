"""Datasets: the Datasets list (search, sort, archived or not, pages), a dataset's own view and header, and its
changes (name and description, golden, archived), each confirmed, sent once, and refused when a colleague changed
the dataset since it was shown.

Session state: `datasets_pipeline`, `datasets_search`, `datasets_sort`, `datasets_show_archived`, `datasets_page`,
`datasets_arrived_with`, `datasets_seen_<dataset>`, `datasets_asking_<dataset>`, the details form
(`datasets_edit_*`), and the buttons (`datasets_*`)."""
