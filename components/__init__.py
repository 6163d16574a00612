"""Reusable UI pieces: each asks for something or shows something, and owns its session-state keys."""
