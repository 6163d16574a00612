"""The studio's own record of every change it makes to a dataset's test cases, because Gentrace keeps no versions of
a case and has no update: an edit there is a new case and a deleted old one.

- `store`: the entries, in the studio's database (services.database). An entry is written before anything is sent
  and completed after; it is the `ChangeRecord` of `services.cases.change`.
- `imports`: an import's entry, written on the import's thread before it sends anything.
- `difference`: what changed between two versions of a case, field by field, with the words removed and added.
- `undo`: the plan that puts an entry's cases back, checked against what the dataset holds now.
"""
