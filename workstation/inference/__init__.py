"""Scan analysis with ONNX models: manifests, registry, decoders, tiling, the inference worker.

Qt-free; never imports torch (training recipes in ``models/training`` do, as an optional extra).
"""
