"""Handheld devices over serial: RIID (N42.42 in binary frames, dose-rate stream),
substance identifier, density meter and barcode reader (checksummed lines); apart in
:mod:`devices.handheld.sim`, a simulator of each on a pty or loopback TCP. Protocols:
docs/protocols/riid.md, substance.md, density.md, barcode.md."""
