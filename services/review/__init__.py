"""Reviewing a dataset's cases and signing them off: who approved or flagged which content, what still needs a look
(`rules`), and the record of it in the studio's database (`store`)."""
