"""Two datasets side by side (`?dataset=<a>&compare=<b>`): the compare view, copying cases into a dataset (from the
compare view, from a table's "Copy selected to…", to finish a duplicate), taking another dataset's version of a
case, and duplicating a dataset.

Session state: `comparing_other_<a>` and `comparing_by_<a>` (the other dataset and how cases are matched),
`comparing_page_<group>_<a>`, `comparing_ticked_<a>` (B's cases ticked to copy), `comparing_taking_<a>` (B's
versions waiting for their confirmation), `comparing_copy_asked`, `comparing_copy_job`, `comparing_copy_put_away`,
`comparing_copy_counted` (copies asked for, running and ended), `comparing_copy_to_<id>`,
`comparing_copy_to_target_<id>`, `comparing_copy_to_into_<id>` (the table's "Copy selected to…"),
`comparing_duplicating_<id>`, `comparing_duplicate_<field>_<id>`, `comparing_duplicate_errors_<id>` (the
Duplicate form), and the buttons (`comparing_*`)."""
