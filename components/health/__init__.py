"""A dataset's health: the analysis (one per listing, on a shared worker), the verdict on the dataset's page, the
Health view with each finding, its examples and charts, and the fixes sent through the one change path.

Session state: `health_threshold_<dataset>` (the near-repeat slider), `health_fix_asking_<dataset>`, and the fix
buttons (`health_*`)."""
