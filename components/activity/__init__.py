"""Who did what: the one recorder every change goes through, and the Activity page's table and filters.

Session state: `activity_who`, `activity_action` (the filters' widgets)."""
