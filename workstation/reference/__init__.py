"""Reference data shipped with the application (control result codes, ...)."""
