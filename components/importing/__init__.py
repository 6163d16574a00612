"""Filling a dataset from a file: which dataset (a pipeline, then one of its datasets, or `?dataset=<id>`), the file
(held once, out of the uploader) and how to read it, what each column becomes, the check of every row, and the
import on the server's workers with its progress, result and failed rows.

Session state: `importing_pipeline`, `importing_dataset`, `importing_arrived_with`, `importing_link_error`,
`importing_held_<dataset>`, `importing_uploader_<dataset>` and the uploader (`importing_file_*`), `importing_table`,
the read settings (`importing_chosen_*`, `importing_guess_*`, `importing_sheets_*`, `importing_<setting>_*`), the
mapping (`importing_rules_*`, `importing_mapped_*`, `importing_column_*`, `importing_edit_mapping_*`,
`importing_naming_*`, `importing_name_pattern_*`, `importing_role_*`, `importing_key_*`, `importing_type_*`, another
tool's mixed columns `importing_mixed_*` and their reading `importing_reading_*`),
`importing_plan`, `importing_include_gaps_*`, `importing_job_id`, `importing_refused`, `importing_put_away`,
`importing_counted`, and the buttons (`importing_*`)."""
