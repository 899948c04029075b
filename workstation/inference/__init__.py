"""Scan analysis with ONNX models: signed manifests, registry, decoders, tiling, the inference worker.

Qt-free; never imports torch (training recipes in ``models/training`` do, as an optional extra).
"""
