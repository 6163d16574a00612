"""Which Gentrace the studio talks to (its own sandbox, or Gentrace with a key): the connection every page uses, the
sidebar's mode line, and the Connection page (a test of the key, resetting the demo data, how to switch).

Session state: `connection_current` (the connection the start-up opened), `connection_confirm_reset`,
`connection_reset_done`, and the Connection page's buttons (`connection_*`)."""
