"""Who did what: the one recorder every change goes through (into the studio's database, with this copy's local
file as the fallback), and the Activity page's filters, table and download.

Session state: `activity_who`, `activity_dataset`, `activity_action`, `activity_when` (the filters' widgets),
`activity_page`, `activity_address_seen` (the address the filters were last set from)."""
