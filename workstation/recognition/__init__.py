"""Recognition of number plates and ISO 6346 container codes in camera frames.

Text detection (DB) and line recognition (CTC) run with onnxruntime on the PP-OCRv4 models
in ``models/ocr`` (see ``models/ocr/manifest.json`` and docs/decisions/0400-ocr-models.md);
pre- and post-processing are ours (numpy + OpenCV headless). Qt-free.

* :mod:`.modelstore` — manifest (signature checked), hash check, onnxruntime sessions
* :mod:`.textdet` / :mod:`.textrec` — the two networks with their pre/post-processing
* :mod:`.ocr` — detector + recogniser → text lines with boxes and per-character scores
* :mod:`.plates` / :mod:`.containers` — domain readers on top of the text lines
"""
