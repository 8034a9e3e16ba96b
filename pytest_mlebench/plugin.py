"""pytest hooks and fixtures only: each delegates to the modules that do the work."""
