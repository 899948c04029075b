"""Physics and scenes of the x-ray simulator (devices.xray): Beer–Lambert, noise, ground truth."""

from __future__ import annotations

import numpy as np
import pytest

from devices.xray.materials import MATERIALS, class_ratios, material
from devices.xray.sim.physics import (
    DetectorModel,
    attenuation,
    render_dark,
    render_flat,
    render_lines,
)
from devices.xray.sim.scene_builder import Layer
from devices.xray.sim.scenes import KINDS, Scene, make_scene


def _slab_scene(thicknesses_cm: list[float], material_key: str = "steel") -> Scene:
    """One column of lines per thickness, all pixels covered: a bare step wedge."""
    pixels, per_step = 32, 8
    layers = [Layer(material_key, i * per_step, 0, per_step, pixels,
                    np.full((1, pixels), t, np.float16)) for i, t in enumerate(thicknesses_cm)]
    return Scene("test-piece", len(thicknesses_cm) * per_step, pixels, [], "kev", 0.07, 0, layers)


def test_thicker_steel_attenuates_more_at_both_energies() -> None:
    steps = [0.1, 0.2, 0.4, 0.8]
    scene = _slab_scene(steps)
    a_low, a_high = attenuation(scene)
    per_step_low = a_low.reshape(len(steps), -1).mean(axis=1)
    per_step_high = a_high.reshape(len(steps), -1).mean(axis=1)
    assert np.all(np.diff(per_step_low) > 0) and np.all(np.diff(per_step_high) > 0)
    mu_low, mu_high = material("steel").mu("kev")
    np.testing.assert_allclose(per_step_high, np.array(steps) * mu_high, rtol=2e-3)
    # And in measured counts: thicker steel lets fewer photons through.
    det = DetectorModel.default(scene.pixels, seed=2, n_dead=0, n_hot=0)
    _, raw_high = render_lines(scene, det, seed=1)
    counts = raw_high.reshape(len(steps), -1).mean(axis=1)
    assert np.all(np.diff(counts) < 0)


def test_ratio_orders_material_classes_in_each_energy_pair() -> None:
    kev, mev = class_ratios("kev"), class_ratios("mev")
    # keV: photo-effect, ratio rises with Z. MeV: pair production, ratio falls with Z.
    assert kev["organic"][1] < kev["inorganic"][0] < kev["inorganic"][1] < kev["metal"][0]
    assert mev["metal"][1] < mev["inorganic"][0] < mev["inorganic"][1] < mev["organic"][0]
    assert all(m.density > 0 and all(v > 0 for pair in m.mu_rho.values() for v in pair)
               for m in MATERIALS.values())


def test_render_is_deterministic_and_block_invariant() -> None:
    scene = make_scene("parcel", 5, size=(240, 160))
    det = DetectorModel.default(scene.pixels, seed=3)
    whole = render_lines(scene, det, seed=9)
    blocks = [render_lines(scene, det, seed=9, start=s, stop=min(s + 37, scene.lines))
              for s in range(0, scene.lines, 37)]
    for channel in (0, 1):
        assert whole[channel].dtype == np.uint16
        assert whole[channel].shape == (scene.lines, scene.pixels)
        np.testing.assert_array_equal(whole[channel], np.concatenate([b[channel] for b in blocks]))
    other = render_lines(scene, det, seed=10)
    assert not np.array_equal(whole[1], other[1])


def test_quantum_noise_dead_hot_pixels_and_saturation() -> None:
    det = DetectorModel.default(256, seed=4)
    dark_low, dark_high = render_dark(det, 200, seed=1)
    flat_low, flat_high = render_flat(det, 200, seed=2)
    good = ~(det.dead | det.hot)
    # Poisson: variance of the signal = gain^2 * I0 (+ read noise^2).
    expected = det.gain_high[good] ** 2 * det.i0_high + det.read_noise**2
    measured = flat_high[:, good].astype(np.float64).var(axis=0)
    assert 0.85 < float(np.median(measured / expected)) < 1.15
    np.testing.assert_allclose(dark_high[:, good].mean(axis=0), det.offset_high[good], atol=2.0)
    assert np.all(flat_high[:, det.hot] == 65535)
    assert np.all(np.abs(flat_low[:, det.dead].astype(float) - dark_low[:, det.dead]) < 30)
    assert det.dead.sum() >= 1 and det.hot.sum() >= 1
    # Offset + gain * counts above full scale clips instead of wrapping round.
    bright = DetectorModel(det.pixels, "kev", det.offset_low, det.offset_high, det.gain_low,
                           det.gain_high, det.dead, det.hot, i0_low=80000.0, i0_high=80000.0)
    sat_low, _ = render_flat(bright, 4, seed=1)
    assert int(sat_low.max()) == 65535


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_scene_has_ground_truth_inside_the_image(kind: str) -> None:
    lines, pixels = (800, 256) if kind.startswith("cargo") else (300, 200)
    scene = make_scene(kind, 1, size=(lines, pixels))
    labels = {o.label for o in scene.objects}
    assert scene.objects, f"{kind}: no ground truth objects"
    for obj in scene.objects:
        x, y, w, h = obj.box
        assert 0 <= x and 0 <= y and w > 0 and h > 0
        assert x + w <= scene.lines and y + h <= scene.pixels
        assert obj.material in MATERIALS
    expected = {"parcel": {"bag"}, "test-piece": {"wire-gauge-awg24", "step-wedge-steel-1.6cm"},
                "cargo-uniform": {"container", "tractor-unit", "axle"},
                "cargo-mixed": {"container", "trailer"},
                "cargo-hidden-compartment": {"hidden-compartment"},
                "cargo-undeclared-block": {"undeclared-dense-block"},
                "cargo-empty": {"container"},
                "cargo-test-piece": {"fiducial-0", "penetration-steel-40cm", "wire-cu1mm"}}[kind]
    assert expected <= labels, f"{kind}: missing {expected - labels}"
    if kind == "cargo-empty":
        assert not any(label.startswith("pallet") for label in labels)
    if kind == "parcel":
        assert any(o.threat for o in scene.objects)


def test_unknown_scene_kind_is_named() -> None:
    with pytest.raises(ValueError, match="unknown scene kind 'bicycle'.*parcel"):
        make_scene("bicycle", 1)
