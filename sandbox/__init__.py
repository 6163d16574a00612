"""A local, persistent stand-in of Gentrace's v4 API."""
