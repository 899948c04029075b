"""Command-line interface: ``workstation <command> ...``; one module per command group."""
