"""Recipe: take the PP-OCRv4 ONNX models out of the rapidocr_onnxruntime wheel into models/ocr/.

Reproducible and offline once the wheel is at hand::

    pip download --no-deps rapidocr_onnxruntime==1.4.4 -d /tmp/wheels
    python models/ocr/recipes/extract_ppocr.py /tmp/wheels/rapidocr_onnxruntime-1.4.4-py3-none-any.whl

What it does:

* copies the text detector (DB, ``ch_PP-OCRv4_det_infer.onnx``) unchanged;
* prunes the recogniser's CTC head (``ch_PP-OCRv4_rec_infer.onnx``, 6,625 classes for
  Chinese + Latin) to the printable ASCII characters: the last ``MatMul``/``Add`` weights
  keep only the columns of the blank and of those characters. Plates and container codes
  use only A-Z and 0-9, so a restricted softmax removes a whole class of confusions
  (a Latin ``O`` read as a CJK circle) and shrinks the file from 10.9 MB to about 1/3;
* writes ``manifest.json`` with the sha256 of every file, the alphabet and the
  pre-processing each model expects.

Only the wheel's bytes are read; the rapidocr Python package is never imported (it pulls
in the non-headless OpenCV, which must not sit beside PySide6).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import string
import sys
import zipfile
from pathlib import Path

import numpy as np
import onnx
from onnx import numpy_helper

OUT = Path(__file__).resolve().parents[1]
WHEEL_PREFIX = "rapidocr_onnxruntime/models/"
DET = "ch_PP-OCRv4_det_infer.onnx"
REC = "ch_PP-OCRv4_rec_infer.onnx"
# Printable ASCII without lower case: plates and container codes are upper case, and
# lower-case letters only add look-alikes (o/0, l/1, s/5).
KEEP = string.digits + string.ascii_uppercase + "-.:/"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _constant(model: onnx.ModelProto, name: str) -> onnx.NodeProto:
    for node in model.graph.node:
        if node.op_type == "Constant" and list(node.output) == [name]:
            return node
    raise SystemExit(f"{REC}: no Constant node named {name!r}; is this PP-OCRv4?")


def prune_recogniser(data: bytes) -> tuple[onnx.ModelProto, str]:
    """Keep the CTC blank + ``KEEP`` columns of the classifier; return the model and alphabet."""
    model = onnx.load_from_string(data)
    meta = {p.key: p.value for p in model.metadata_props}
    chars = meta["character"].split("\n")
    # PaddleOCR CTC: index 0 is the blank, 1..N the dictionary, N+1 the space.
    classes = ["<blank>", *chars, " "]
    keep_idx = [0] + [classes.index(c) for c in KEEP]
    matmul = next(n for n in model.graph.node if n.op_type == "MatMul" and n.output[0] == "p2o.MatMul.25")
    add = next(n for n in model.graph.node if n.op_type == "Add" and n.input[0] == matmul.output[0])
    for const_name in (matmul.input[1], add.input[1]):
        node = _constant(model, const_name)
        tensor = numpy_helper.to_array(node.attribute[0].t)
        pruned = np.ascontiguousarray(tensor[..., keep_idx]).astype(np.float32)
        node.attribute[0].t.CopyFrom(numpy_helper.from_array(pruned, const_name))
    out = model.graph.output[0]
    out.type.tensor_type.shape.dim[2].dim_value = len(keep_idx)
    del model.metadata_props[:]
    entry = model.metadata_props.add()
    entry.key, entry.value = "character", "\n".join(KEEP)
    onnx.checker.check_model(model)
    return model, KEEP


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("wheel", type=Path, help="rapidocr_onnxruntime wheel file")
    args = parser.parse_args(argv)
    with zipfile.ZipFile(args.wheel) as wheel:
        det = wheel.read(WHEEL_PREFIX + DET)
        rec = wheel.read(WHEEL_PREFIX + REC)
    det_path = OUT / "ppocrv4_det.onnx"
    det_path.write_bytes(det)
    model, alphabet = prune_recogniser(rec)
    rec_path = OUT / "ppocrv4_rec_latin.onnx"
    onnx.save(model, rec_path)
    manifest = json.loads((OUT / "manifest.json").read_text()) if (OUT / "manifest.json").exists() else {}
    manifest["source"] = {"wheel": args.wheel.name, "wheel_sha256": _sha256(args.wheel)}
    manifest["models"]["detector"]["sha256"] = _sha256(det_path)
    manifest["models"]["recogniser"]["sha256"] = _sha256(rec_path)
    manifest["models"]["recogniser"]["alphabet"] = alphabet
    (OUT / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    print(f"wrote {det_path.name} ({det_path.stat().st_size} B), {rec_path.name} "
          f"({rec_path.stat().st_size} B) and manifest.json", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
