"""`models evaluate`: figures on a tiny labelled folder whose answers are known in advance.

The test model is a real ONNX heatmap graph: label ``handgun`` scores an image's darkness
(1 - grey) and ``knife`` half of it, so an image with one dark block of darkness d scores
d for handgun and d / 2 for knife. Thresholds: handgun 0.7, knife 0.3.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import cv2
import numpy as np
import onnx
import pytest
import tifffile
from onnx import TensorProto, helper, numpy_helper
from pydicom.dataset import FileDataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

from tests.unit.onnx_fixtures import OPSET, install, manifest_for
from workstation.cli.main import main
from workstation.inference.folder_evaluation import (
    ClassMap,
    EvaluationError,
    ImageScores,
    OperatingPoint,
    class_map,
    solve,
)

MODEL = "evalnet"


def _two_label_darkness_model(size: int = 32) -> bytes:
    x = helper.make_tensor_value_info("images", TensorProto.FLOAT, ["N", 1, size, size])
    y = helper.make_tensor_value_info("heat", TensorProto.FLOAT, ["N", 2, size, size])
    one = numpy_helper.from_array(np.array(1.0, dtype=np.float32), "one")
    half = numpy_helper.from_array(np.array(0.5, dtype=np.float32), "half")
    graph = helper.make_graph([
        helper.make_node("Sub", ["one", "images"], ["dark"]),
        helper.make_node("Mul", ["dark", "half"], ["half_dark"]),
        helper.make_node("Concat", ["dark", "half_dark"], ["heat"], axis=1),
    ], "two-label-darkness", [x], [y], initializer=[one, half])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model.SerializeToString()


@pytest.fixture
def models_dir(tmp_path: Path) -> Path:
    data = _two_label_darkness_model()
    install(tmp_path / "models", manifest_for(
        MODEL, data, decoder="heatmap", labels=["handgun", "knife"], scan_kinds=["imported"],
        thresholds={"score": 0.5, "per_label": {"handgun": 0.7, "knife": 0.3}}), data)
    return tmp_path / "models"


def _bag(darkness: float, dtype: type = np.uint8) -> np.ndarray:
    """48 x 48 air with a 24 x 24 block of the given darkness (0 = air, 1 = opaque)."""
    top = int(np.iinfo(dtype).max)
    image = np.full((48, 48), top, dtype=dtype)
    image[12:36, 12:36] = round((1.0 - darkness) * top)
    return image


def _dicos(path: Path, pixels: np.ndarray) -> None:
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.501.2.1"  # DICOS DX
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = FileDataset(str(path), {}, file_meta=meta, preamble=b"\0" * 128)
    ds.SOPClassUID = meta.MediaStorageSOPClassUID
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.Rows, ds.Columns = pixels.shape
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 16, 15, 0
    ds.PixelData = pixels.astype(np.uint16).tobytes()
    ds.save_as(path, enforce_file_format=True)


@pytest.fixture
def labelled(tmp_path: Path) -> Path:
    """handgun/ in four formats, razor-blade/ and other/ (the negatives), plus a stray file."""
    root = tmp_path / "labelled"
    for folder in ("handgun", "razor-blade", "other"):
        (root / folder).mkdir(parents=True)
    cv2.imwrite(str(root / "handgun" / "a-8bit.png"), _bag(0.9))
    cv2.imwrite(str(root / "handgun" / "b-16bit.png"), _bag(0.8, np.uint16))
    tifffile.imwrite(root / "handgun" / "c-16bit.tif", _bag(0.6, np.uint16))
    _dicos(root / "handgun" / "d.dcs", _bag(0.3, np.uint16))
    cv2.imwrite(str(root / "razor-blade" / "a.png"), _bag(0.9))   # knife 0.45: found
    cv2.imwrite(str(root / "razor-blade" / "b.png"), _bag(0.5))   # knife 0.25: missed
    cv2.imwrite(str(root / "other" / "empty.jpg"), _bag(0.0))     # nothing at all
    for name, darkness in (("b", 0.2), ("c", 0.5), ("d", 0.75), ("e", 0.95)):
        cv2.imwrite(str(root / "other" / f"{name}.png"), _bag(darkness))
    (root / "other" / "notes.txt").write_text("not an image: left out by its suffix")
    return root


def _evaluate(models_dir: Path, folder: Path, *extra: str,
              capsys: pytest.CaptureFixture[str]) -> tuple[int, dict, str]:
    code = main(["models", "evaluate", MODEL, str(folder), "--json", "--models-dir", str(models_dir),
                 *extra])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out.strip() else {}), err


def test_figures_at_the_models_thresholds_are_the_known_answers(
        models_dir: Path, labelled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, figures, err = _evaluate(models_dir, labelled, "--map", "razor-blade=knife,blade",
                                   capsys=capsys)
    assert code == 0, err
    assert figures["model"] == MODEL
    assert figures["negatives"] == ["other"]
    assert figures["ignored_labels"] == {"razor-blade": ["blade"]}  # unknown to this model
    assert "no label blade" in err
    handgun = figures["per_class"]["handgun"]
    # 8-bit, 16-bit PNG, 16-bit TIFF and DICOS all read: darkness 0.9 and 0.8 reach 0.7.
    assert (handgun["images"], handgun["detected"], handgun["detection_rate"]) == (4, 2, 0.5)
    assert handgun["false_alarm_rate"] == 0.4  # other/ at 0.75 and 0.95 of 5
    blade = figures["per_class"]["razor-blade"]
    assert (blade["images"], blade["detected"], blade["labels"]) == (2, 1, ["knife"])
    assert blade["false_alarm_rate"] == 0.4  # knife = darkness / 2 >= 0.3 on 0.75 and 0.95
    other = figures["per_class"]["other"]
    assert other == {"images": 5, "negative": True, "with_any_finding": 2, "any_finding_rate": 0.4,
                     "flagged_by_label": {"handgun": 2, "knife": 2}}
    assert figures["negatives_with_any_finding"] == 0.4
    assert figures["unreadable"] == []


def test_curve_runs_from_everything_flagged_to_nothing(
        models_dir: Path, labelled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, figures, _ = _evaluate(models_dir, labelled, capsys=capsys)
    assert code == 0
    assert figures["negatives"] == ["other", "razor-blade"]  # no map: razor-blade has no label
    points = figures["curve"]["handgun"]
    assert points[0]["threshold"] == 0.05 and points[-1]["threshold"] == 0.95
    assert points[0]["detection_rate"] == 1.0
    assert points[-1]["detection_rate"] == 0.0
    rates = [p["false_alarm_rate"] for p in points]
    assert rates == sorted(rates, reverse=True)  # a higher threshold never adds an alarm
    at_07 = next(p for p in points if p["threshold"] == 0.7)
    assert at_07["detection_rate"] == figures["per_class"]["handgun"]["detection_rate"]


def test_operating_points_give_the_threshold_and_the_config_line(
        models_dir: Path, labelled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, figures, _ = _evaluate(models_dir, labelled, "--map", "razor-blade=knife",
                                 "--operating-point", "handgun:fa<=0.2", "razor-blade:dr>=1",
                                 capsys=capsys)
    assert code == 0
    by_fa, by_dr = figures["operating_points"]
    # One false alarm of five allowed: just above the second-darkest negative (0.75).
    assert 0.75 <= by_fa["threshold"] <= 0.76 and by_fa["met"]
    assert (by_fa["detection_rate"], by_fa["false_alarm_rate"]) == (0.5, 0.2)
    # Both blades found: knife scores 0.45 and 0.25, so the threshold is at most 0.25.
    assert 0.24 <= by_dr["threshold"] <= 0.25 and by_dr["met"]
    assert by_dr["detection_rate"] == 1.0
    lines = figures["config"].splitlines()
    assert lines[0] == f"[models.thresholds.{MODEL}]"
    assert lines[1] == f"handgun = {by_fa['threshold']:.3f}"
    assert lines[2] == f"knife = {by_dr['threshold']:.3f}"


def test_png_chart_is_written(models_dir: Path, labelled: Path, tmp_path: Path,
                              capsys: pytest.CaptureFixture[str]) -> None:
    png = tmp_path / "chart.png"
    code, _, _ = _evaluate(models_dir, labelled, "--png", str(png), capsys=capsys)
    assert code == 0
    chart = cv2.imread(str(png))
    assert chart is not None and chart.shape == (720, 1000, 3)
    assert len(np.unique(chart.reshape(-1, 3), axis=0)) > 10  # drawn, not a blank page


def test_unreadable_image_is_named_and_the_rest_still_measured(
        models_dir: Path, labelled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (labelled / "handgun" / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n not really")
    code, figures, _ = _evaluate(models_dir, labelled, capsys=capsys)
    assert code == 2
    (bad,) = figures["unreadable"]
    assert bad["image"].endswith("broken.png") and "broken.png" in bad["error"]
    assert figures["per_class"]["handgun"]["images"] == 4


@pytest.mark.parametrize(("extra", "message"), [
    (["--map", "axe=knife"], "not in the folder"),
    (["--map", "razor-blade=sword"], "has none of these labels"),
    (["--map", "razor-blade"], "expected FOLDER=LABEL"),
    (["--operating-point", "other:fa<=0.1"], "negative folder"),
    (["--operating-point", "handgun:fa>=0.1"], "bounded"),
    (["--operating-point", "handgun:dr>=1.5"], "not a share"),
])
def test_wrong_map_or_operating_point_is_named(models_dir: Path, labelled: Path, extra: list[str],
                                               message: str, capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code, _, err = _evaluate(models_dir, labelled, *extra, capsys=capsys)
    assert code == 2
    assert message in err and "Traceback" not in err


def test_unknown_model_and_missing_folder(models_dir: Path, tmp_path: Path, labelled: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["models", "evaluate", "no-such-model", str(labelled), "--models-dir", str(models_dir)])
    assert code == 1 and "no model 'no-such-model'" in capsys.readouterr().err
    code, _, err = _evaluate(models_dir, tmp_path / "nowhere", capsys=capsys)
    assert code == 2 and "not a folder" in err


def test_solver_without_negatives_says_so() -> None:
    cmap = ClassMap({"handgun": ("handgun",)})
    scored = [ImageScores(Path("a.png"), "handgun", frozenset(), {"handgun": 0.8})]
    with pytest.raises(EvaluationError, match="no negative images"):
        solve(scored, cmap, OperatingPoint.parse("handgun:fa<=0.05"))
    assert solve(scored, cmap, OperatingPoint.parse("handgun:dr>=1"))["threshold"] == 0.8


def test_folder_named_after_a_label_counts_for_it() -> None:
    cmap = class_map(["handgun", "umbrella"], ["handgun", "knife"], {})
    assert cmap.labels == {"handgun": ("handgun",), "umbrella": ()}


def test_the_manifest_says_which_labels_cover_a_class_and_map_overrides_it(
        tmp_path: Path, labelled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _two_label_darkness_model()
    install(tmp_path / "covering", manifest_for(
        MODEL, data, decoder="heatmap", labels=["handgun", "knife"], scan_kinds=["imported"],
        covers={"razor-blade": ["knife"], "shuriken": ["knife"]},  # no shuriken/ folder here
        thresholds={"score": 0.5, "per_label": {"handgun": 0.7, "knife": 0.3}}), data)
    code, figures, err = _evaluate(tmp_path / "covering", labelled, capsys=capsys)
    assert code == 0, err
    blade = figures["per_class"]["razor-blade"]
    assert (blade["labels"], blade["detected"]) == (["knife"], 1)  # knife 0.45 found, 0.25 not
    assert figures["negatives"] == ["other"]
    code, figures, err = _evaluate(tmp_path / "covering", labelled, "--map", "razor-blade=",
                                   capsys=capsys)
    assert code == 0, err
    assert figures["negatives"] == ["other", "razor-blade"]


def test_a_manifest_covering_with_an_unknown_label_is_refused() -> None:
    with pytest.raises(ValueError, match="covers names labels not in labels"):
        manifest_for(MODEL, b"x", decoder="heatmap", labels=["handgun"],
                     covers={"razor-blade": ["blade"]})


def _lane_file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "lane.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_the_lanes_thresholds_override_the_manifests(
        models_dir: Path, labelled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lane = _lane_file(tmp_path, f"[models.thresholds.{MODEL}]\nhandgun = 0.85\n")
    code = main(["--config", str(lane), "models", "evaluate", MODEL, str(labelled), "--json",
                 "--models-dir", str(models_dir)])
    figures = json.loads(capsys.readouterr().out)
    assert code == 0
    assert figures["thresholds"] == {"handgun": 0.85, "knife": 0.3}
    assert figures["per_class"]["handgun"]["detected"] == 1  # only darkness 0.9 reaches 0.85
    assert figures["per_class"]["other"]["flagged_by_label"]["handgun"] == 1  # 0.95


def test_a_lane_threshold_for_a_label_the_model_lacks_refuses_it(
        models_dir: Path, labelled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lane = _lane_file(tmp_path, f"[models.thresholds.{MODEL}]\nsword = 0.5\n")
    code = main(["--config", str(lane), "models", "evaluate", MODEL, str(labelled),
                 "--models-dir", str(models_dir)])
    err = capsys.readouterr().err
    assert code == 1
    assert "sword" in err and "handgun, knife" in err


def test_a_lane_threshold_outside_0_to_1_is_a_configuration_error(
        models_dir: Path, labelled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lane = _lane_file(tmp_path, f"[models.thresholds.{MODEL}]\nhandgun = 1.5\n")
    code = main(["--config", str(lane), "models", "evaluate", MODEL, str(labelled),
                 "--models-dir", str(models_dir)])
    err = capsys.readouterr().err
    assert code == 2
    assert "handgun" in err and "0..1" in err
