"""Filling a dataset from a file, in the order the work happens.

- read: `bounded_read` reads every upload in a child process with memory, CPU and time limits; `read` (CSV, TSV,
  JSON, JSONL) and `workbook` (.xlsx, measured first by `xlsx_bounds`) turn a file into a `table.Table`; `guessing`
  (encoding, delimiter, `sep=` line, heading row, sheet) and `headings` (what a heading's words mean) say how.
- `mapping`: what each column becomes (name, input, expected output, skip), its key and type.
- `plan`: every row checked and mapped to a test case, with its problems, repeats and "already there".
- `job`: the import on the server's workers; where a lost answer is settled by listing the dataset (never by sending
  again blindly), rate limits, cancelling, progress, and the registry a reloaded tab finds an import in.
- `reports`: the template, the rows with problems and the failed rows as files to fix.
"""
