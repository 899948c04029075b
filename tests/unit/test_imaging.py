"""Image pipeline: calibration, correction, material classes against ground truth, views."""

from __future__ import annotations

import numpy as np
import pytest

from devices.xray.materials import material
from devices.xray.sim.physics import DetectorModel, attenuation, render_dark, render_flat
from devices.xray.sim.scene_testpiece import WIRE_GAUGES_MM
from workstation.imaging import Calibration, DualEnergyScan, correct_scan, render_view
from workstation.imaging.attenuation import attenuation as measured_attenuation
from workstation.imaging.materials import IMPENETRABLE, METAL, ORGANIC
from workstation.imaging.views import VIEWS, material_classes
from workstation.scans.simulate import simulate_scan

# Stated minimum agreement of the material classes with ground truth, on pixels where the
# object carries most of the attenuation (see docs/decisions/0101-material-classes.md).
MIN_ORGANIC_AGREEMENT = 0.95  # drugs, cash, cigarettes read as organic
MIN_METAL_AGREEMENT = 0.95  # handgun reads as metal or impenetrable (too dense to tell)
FINEST_RESOLVED_AWG = 36  # test-piece copper wires resolved down to AWG 36 (0.127 mm)


def _calibrated(pixels: int, seed: int = 4) -> tuple[DetectorModel, Calibration]:
    det = DetectorModel.default(pixels, seed=seed)
    cal = Calibration.from_frames(*render_dark(det, 64, seed=1), *render_flat(det, 64, seed=2))
    return det, cal


def test_calibration_finds_exactly_the_dead_and_hot_pixels() -> None:
    det, cal = _calibrated(1024)
    np.testing.assert_array_equal(cal.bad, det.dead | det.hot)


def test_correction_flattens_and_repairs_bad_pixels() -> None:
    det, cal = _calibrated(512)
    flat_low, flat_high = render_flat(det, 100, seed=7)
    dark_low, dark_high = render_dark(det, 100, seed=8)
    flat = correct_scan(flat_low, flat_high, cal)
    dark = correct_scan(dark_low, dark_high, cal, strip_lines=33)  # strips of odd size too
    column_means = flat.high.mean(axis=0) / 65535
    # Gain non-uniformity (board steps of 4 %) is gone; bad pixels no longer stand out.
    assert float(np.abs(column_means - 1).max()) < 0.01
    assert float(np.abs(dark.high.astype(float).mean(axis=0)).max()) < 0.005 * 65535
    raw_spread = (flat_high[:, ~cal.bad].mean(axis=0) / det.gain_high[~cal.bad]).std()
    assert raw_spread > 0  # the raw data really was non-uniform before correction


def test_correction_refuses_a_mismatched_calibration() -> None:
    _, cal = _calibrated(64)
    with pytest.raises(ValueError, match=r"\(10, 32\) does not fit a calibration of 64 pixels"):
        correct_scan(None, np.zeros((10, 32), np.uint16), cal)


def test_material_classes_agree_with_ground_truth_on_parcels() -> None:
    wanted = {"drug-package": {ORGANIC}, "cash": {ORGANIC}, "cigarettes": {ORGANIC},
              "handgun": {METAL, IMPENETRABLE},
              "knife": {METAL, IMPENETRABLE}}  # reported only: a thin blade over clothes
    hits: dict[str, list[int]] = {k: [0, 0] for k in wanted}
    for seed in range(6):
        scan, scene = simulate_scan("parcel", seed, size=(750, 500))
        classes = material_classes(scan)
        _, a_high_total = attenuation(scene)
        for i, obj in enumerate(scene.objects):
            if obj.label not in wanted:
                continue
            (x, y, w, h), maps = scene.object_thickness(i)
            # Pixels where the object's main material (the steel of a gun, not its polymer
            # grip) carries most of the attenuation.
            own = material(obj.material).mu(scene.energy_pair)[1] * maps[obj.material]
            dominant = (own > 0.6 * a_high_total[x:x + w, y:y + h]) & (own > 0.1)
            got = classes[x:x + w, y:y + h][dominant]
            hits[obj.label][0] += int(np.isin(got, list(wanted[obj.label])).sum())
            hits[obj.label][1] += int(got.size)
    report = {k: round(a / n, 3) for k, (a, n) in hits.items() if n}
    print("material class agreement with ground truth:", report)
    organic = [hits[k] for k in ("drug-package", "cash", "cigarettes")]
    assert sum(a for a, _ in organic) / sum(n for _, n in organic) >= MIN_ORGANIC_AGREEMENT
    assert hits["handgun"][1] > 0, "no handgun in these seeds: the test would prove nothing"
    assert hits["handgun"][0] / hits["handgun"][1] >= MIN_METAL_AGREEMENT


def test_test_piece_wires_resolved_down_to_stated_gauge() -> None:
    scan, scene = simulate_scan("test-piece", 1)
    a_low = measured_attenuation(scan.low)
    boxes = {o.label: o.box for o in scene.objects}
    resolved = []
    for awg in WIRE_GAUGES_MM:
        x, y, w, h = boxes[f"wire-gauge-awg{awg}"]
        along = slice(x + 5, x + w - 5)
        background = np.r_[a_low[along, y - 6:y - 2].ravel(), a_low[along, y + h + 2:y + h + 6].ravel()]
        # An officer follows a wire along its length: its mean profile must stand out by 3
        # standard deviations of the single-pixel noise.
        contrast = a_low[along, y:y + h].mean(axis=0).max() - background.mean()
        if contrast > 3 * background.std():
            resolved.append(awg)
    print("wires resolved (AWG):", resolved)
    assert [g for g in WIRE_GAUGES_MM if g <= FINEST_RESOLVED_AWG] == \
        [g for g in resolved if g <= FINEST_RESOLVED_AWG]
    # The criterion can fail: the finest wire of the piece (AWG 40, 0.080 mm, about 1/9 of
    # a 0.7 mm pixel) stays in the noise (docs/decisions/0107-test-piece-wire-resolution.md).
    assert max(WIRE_GAUGES_MM) not in resolved


@pytest.fixture(scope="module")
def small_scan() -> DualEnergyScan:
    return simulate_scan("parcel", 2, size=(300, 200))[0]


@pytest.mark.parametrize("view", list(VIEWS))
def test_every_view_renders_rgb_in_display_order(small_scan: DualEnergyScan, view: str) -> None:
    rgb = render_view(small_scan, view)
    assert rgb.dtype == np.uint8 and rgb.shape == (small_scan.pixels, small_scan.lines, 3)
    assert rgb.min() < 100 < rgb.max()  # the bag is there: not a blank or saturated picture


def test_views_relate_as_operators_expect(small_scan: DualEnergyScan) -> None:
    grey = render_view(small_scan, "grey")
    np.testing.assert_array_equal(render_view(small_scan, "invert"), 255 - grey)
    classes = material_classes(small_scan).T
    stripped = render_view(small_scan, "organic-strip")
    assert np.all(stripped[classes == ORGANIC] == 255)
    material_rgb = render_view(small_scan, "material")
    organic_px = material_rgb[classes == ORGANIC].astype(int)
    assert np.mean(organic_px[:, 0] > organic_px[:, 2]) > 0.95  # orange: red above blue
    brighter = render_view(small_scan, "grey", gamma=0.5)
    assert brighter.astype(int).sum() > grey.astype(int).sum()
    narrow = render_view(small_scan, "grey", window=0.5, level=0.25)
    assert (narrow == 0).mean() > (grey == 0).mean()


def test_view_errors_name_the_problem(small_scan: DualEnergyScan) -> None:
    single = DualEnergyScan(high=small_scan.high)
    with pytest.raises(ValueError, match="needs both energies"):
        render_view(single, "material")
    with pytest.raises(ValueError, match="unknown view 'xray'.*grey"):
        render_view(small_scan, "xray")
    with pytest.raises(ValueError, match="window must be positive"):
        render_view(small_scan, "grey", window=-1)


def test_fast_pipeline_matches_the_float64_baseline() -> None:
    from workstation.bench.imaging import baseline, make_input, ours

    low, high, cal, pair = make_input(256, 128)
    ours_classes, ours_rgb = ours(low, high, cal, pair)
    base_classes, base_rgb = baseline(low, high, cal, pair)
    assert (ours_classes == base_classes).mean() > 0.995
    assert np.abs(ours_rgb.astype(int) - base_rgb).mean() < 2.0
