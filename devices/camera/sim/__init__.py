"""The lane camera simulator, apart from the driver: rendered lane scenes with ground truth
(:mod:`.scenes`) served as HTTP MJPEG on loopback with fault injection (:mod:`.server`,
docs/protocols/camera-simulator.md). Its settings (``[devices.simulator]``): :mod:`.settings`.

The workstation reaches it only through :mod:`devices.registry` (``simulated = true``;
:func:`devices.registry.simulation` for tools that render frames without a device); tests
may import it directly.
"""
