"""The x-ray scanner simulator, apart from the driver: scenes with ground truth
(:mod:`.scenes`, :mod:`.catalogue`), detector physics (:mod:`.physics`) and the scanner
that speaks the real TCP protocol (:mod:`.server`, run as ``python -m
devices.xray.sim.server``).

The workstation reaches it only through :mod:`devices.registry` (``simulated = true`` and
``[devices.simulator]`` in a lane file; :func:`devices.registry.simulation` for tools that
render without a device, :mod:`.toolkit`). Tests and training recipes may import it
directly::

    from devices.xray.sim.scenes import make_scene
    from devices.xray.sim.physics import DetectorModel, render_lines

    scene = make_scene("parcel", seed=7)
    detector = DetectorModel.default(scene.pixels, seed=1, energy_pair=scene.energy_pair)
    low, high = render_lines(scene, detector, seed=3, start=0, stop=256)  # uint16 (256, pixels)
"""
