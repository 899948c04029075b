"""Customs domain rules with no I/O: identifiers, check characters, codes, control states."""
