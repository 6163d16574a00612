"""A dataset's test cases: the table (a column per key, search, pages, selection), a case's own view, adding and
editing one case, deleting the selected ones, and the one path every change to cases takes from the screen
(`changing`: sent once, recorded, its outcome said), which the history, the health fixes and what comes next use.

Session state: `cases_form_<form>` and its fields (`cases_field_*`), `cases_selected_<dataset>`,
`cases_selection_version_<dataset>`, `cases_confirm_<dataset>`, `cases_page_<dataset>`, `cases_search_<dataset>`,
the checkboxes (`cases_pick_*`) and buttons (`cases_*`)."""
