"""Dual-energy x-ray line scanner: materials, scenes with ground truth, detector physics.

The rendering API (used by the simulator server and the image pipeline tests)::

    from devices.xray.scenes import make_scene
    from devices.xray.physics import DetectorModel, render_lines, render_dark, render_flat

    scene = make_scene("parcel", seed=7)
    detector = DetectorModel.default(scene.pixels, seed=1, energy_pair=scene.energy_pair)
    low, high = render_lines(scene, detector, seed=3, start=0, stop=256)  # uint16 (256, pixels)

Protocol, simulator server and driver modules live next to these (owned by the device layer).
"""
