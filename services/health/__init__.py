"""A dataset's health: what is repeated, contradictory, missing, misspelt, empty or far too long among its cases
(`findings`), near repeats found without comparing every pair (`near_repeats`), the fixes as changes to cases
(`fixes`), the analysis run once per listing on a worker that reports progress (`checks`), and what each check
found, kept in the studio's database (`summaries`)."""
