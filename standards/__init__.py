"""Standards' vocabularies, below everything else: identifiers of EU customs and ISO
(:mod:`standards.mrn`, :mod:`standards.iso6346`) and radiation spectrum file formats
(:mod:`standards.spectra`: ANSI N42.42, CHN, SPC, SPE, PCF, CSV/TXT).

Qt-free and free of the rest of the project: nothing here imports ``workstation``,
``devices`` or ``ui``, so drivers (``devices``) and the core (``workstation``) both use it
without ``devices`` reaching up into ``workstation`` (docs/decisions/0202-standards-package-and-simulator-table.md).
"""
