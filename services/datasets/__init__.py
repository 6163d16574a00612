"""Datasets: creating one, browsing a pipeline's datasets, and changing one.

- `create`: create once, even when the answer is lost (find the twin instead of sending again); the same-name check;
  which dataset a golden one replaces.
- `browse`: a pipeline's datasets as rows to sort and search; a dataset's cases searched by their text.
- `change`: rename, describe, golden, archive: what a colleague changed since the page was loaded, the change sent
  once, and a lost answer settled by reading the dataset back.
"""
