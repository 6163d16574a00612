"""Creating a dataset: the form (name, description, golden switch, and the pipeline by slug or id, previewed), sent
once per deliberate submit; links that prefill it; and the created dataset's card.

Session state: `create_form_instance`, `create_form_token`, `create_field_errors`, `create_summary`,
`create_failure`, `create_duplicate`, `create_show_link`, `create_result`, `create_history`,
`create_prefill_arrived`, and the form's widgets (`create_name_<n>`, `create_description_<n>`,
`create_golden_<n>`, `create_pipeline_*_<n>`, `create_form_<n>`, `create_*` buttons)."""
