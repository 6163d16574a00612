"""Reviewing a dataset case by case (`?dataset=<id>&view=review`): one case at a time with Approve, Fix, Flag, Skip,
Previous, Next and Delete, the dataset's progress, and where a review shows elsewhere (the dataset's header, the
Datasets list, a case's view, the golden confirmation, the review's CSV).

Session state: `review_at_<dataset>` (the case shown), `review_advance_<dataset>` (move on after an action),
`review_show_<dataset>` (to review / flagged / all), `review_said_<dataset>` (what the last action said),
`review_flagging_<dataset>` and `review_note_<case>` (the flag's note), `review_fixing_<dataset>`,
`review_deleting_<dataset>`, `review_needed_<dataset>` (the two-person toggle), and the buttons (`review_*`)."""
