"""A dataset's test cases as files to download (CSV, Excel, JSONL) that import back into the same cases.

Session state: the download buttons (`exporting_*`)."""
