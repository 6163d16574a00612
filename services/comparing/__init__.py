"""Two datasets side by side: which cases match (by name or by inputs), the copies from one into the other, and a
dataset's duplicate."""
