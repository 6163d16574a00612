"""Files the studio hands out.

- `dataset_files`: a dataset's cases as CSV, Excel and JSONL that the import reads back into exactly the same cases.
- `spreadsheet`: every CSV and Excel file the studio writes opens safely in a spreadsheet (no cell starts a formula,
  OWASP's rule, undone by the import), and the Excel writer.
"""
