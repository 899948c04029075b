"""Tiny real ONNX graphs built with onnx.helper, and manifests for them (test helpers)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import numpy as np
import onnx
from numpy.typing import NDArray
from onnx import TensorProto, helper, numpy_helper

from workstation.inference.manifest import ModelManifest, dump_manifest
from workstation.inference.signing import dev_private_key_path, load_private_key, sign_manifest_file

OPSET = 13


def constant_model(output: NDArray[np.float32], size: int = 32, channels: int = 1) -> bytes:
    """A model whose output for every batch element is ``output`` (its batch axis removed).

    output = C + 0 * mean(X), so the graph really reads its input and has a batch axis.
    """
    rank = output.ndim
    x = helper.make_tensor_value_info("images", TensorProto.FLOAT, ["N", channels, size, size])
    y = helper.make_tensor_value_info("output", TensorProto.FLOAT, ["N", *output.shape])
    const = numpy_helper.from_array(output[None].astype(np.float32), "C")
    shape = numpy_helper.from_array(np.array([-1] + [1] * rank, dtype=np.int64), "shape")
    zero = numpy_helper.from_array(np.array(0.0, dtype=np.float32), "zero")
    nodes = [
        helper.make_node("ReduceMean", ["images"], ["m"], axes=[1, 2, 3], keepdims=1),
        helper.make_node("Reshape", ["m", "shape"], ["m2"]),
        helper.make_node("Mul", ["m2", "zero"], ["z"]),
        helper.make_node("Add", ["C", "z"], ["output"]),
    ]
    graph = helper.make_graph(nodes, "constant", [x], [y], initializer=[const, shape, zero])
    return _serialise(graph)


def darkness_heatmap_model(size: int = 32) -> bytes:
    """Heatmap model: output (N, 1, size, size) = 1 - X, so dense (dark) regions score high."""
    x = helper.make_tensor_value_info("images", TensorProto.FLOAT, ["N", 1, size, size])
    y = helper.make_tensor_value_info("heat", TensorProto.FLOAT, ["N", 1, size, size])
    one = numpy_helper.from_array(np.array(1.0, dtype=np.float32), "one")
    graph = helper.make_graph([helper.make_node("Sub", ["one", "images"], ["heat"])],
                              "darkness", [x], [y], initializer=[one])
    return _serialise(graph)


def _serialise(graph: onnx.GraphProto) -> bytes:
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model.SerializeToString()


def manifest_for(name: str, data: bytes, *, decoder: str, labels: list[str], size: int = 32,
                 task: str = "detection", **extra: Any) -> ModelManifest:
    fields: dict[str, Any] = {
        "name": name,
        "version": "1.0.0",
        "file": f"{name}.onnx",
        "sha256": hashlib.sha256(data).hexdigest(),
        "task": task,
        "input": {"size": [size, size]},
        "output": {"decoder": decoder},
        "labels": labels,
        "training": {"description": "test graph, not trained"},
    }
    fields.update(extra)
    return ModelManifest.model_validate(fields)


def install(folder: Path, manifest: ModelManifest, data: bytes) -> Path:
    """Write the model and its manifest into ``folder``; return the manifest path."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / manifest.file).write_bytes(data)
    path = folder / f"{manifest.name}.manifest.json"
    path.write_text(dump_manifest(manifest), encoding="utf-8")
    # Signed with the development key, which a lane trusts by default (models/keys/).
    sign_manifest_file(path, load_private_key(dev_private_key_path()))
    return path
