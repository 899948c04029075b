"""Inspection Workstation: the Qt-free core (domain, configuration, services, formats, CLI)."""

__version__ = "0.1.0"
