"""Services of the core: units of work over the record, each in one transaction."""
