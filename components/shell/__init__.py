"""What surrounds every page: the route through app.py, the sidebar's page links, sign-in and who is acting, and the
sidebar's list of datasets created in this session.

Session state: `shell_sign_in*`, `shell_sign_out` (buttons). The created list is the create room's."""
