"""Simulators of the handheld devices, apart from the drivers: the far end of a serial wire
(:mod:`.base`, a pty or loopback TCP), the RIID (:mod:`.riid`, physics in
:mod:`.riid_physics`) and the line devices (:mod:`.lines`: substance identifier, density
meter, barcode reader). Their settings (``[devices.simulator]``): :mod:`.settings`.

The workstation reaches them only through :mod:`devices.registry` (``simulated = true``);
tests may import them directly.
"""
