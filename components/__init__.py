"""The studio's screens in rooms, one package per capability, named as the services package it uses:

shell (routing, the sidebar, sign-in), connection, create, importing, datasets, cases, exporting, history, health,
activity; and shared, what every room uses (exactly-once, lookups, addresses, formatting, the pager, feedback).

A room asks for something or shows it; it owns the session-state keys its `__init__` lists (each starts with the
room's name), and another room calls its functions instead of touching them."""
