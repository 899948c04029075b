"""German is complete: every text of the user interface that ``tr()`` marks is in the
translation file, finished, and compiled; the table translators review holds each one."""

from __future__ import annotations

import ast
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "ui"
TS = UI / "translations" / "ui_de.ts"


def _tr_texts() -> set[str]:
    """Every literal passed to ``self.tr(...)`` / ``QCoreApplication.translate(ctx, ...)``."""
    found: set[str] = set()
    for file in UI.rglob("*.py"):
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
                continue
            args = node.args
            if node.func.attr == "tr" and args and isinstance(args[0], ast.Constant):
                found.add(str(args[0].value))
            elif node.func.attr == "translate" and len(args) > 1 and \
                    isinstance(args[1], ast.Constant):
                found.add(str(args[1].value))
    return found


def test_every_message_has_a_finished_german_translation() -> None:
    root = ET.parse(TS).getroot()
    messages = {m.findtext("source"): m.find("translation") for m in root.iter("message")}
    missing = sorted(t for t in _tr_texts() if t not in messages)
    assert not missing, f"texts not in ui_de.ts (run python -m ui.translations.build): {missing}"
    unfinished = sorted(str(s) for s, t in messages.items()
                        if t is None or t.get("type") == "unfinished" or not (t.text or ""))
    assert not unfinished, f"unfinished German translations: {unfinished}"
    with (UI / "translations" / "de.toml").open("rb") as f:
        table = tomllib.load(f)["de"]
    assert not [t for t in _tr_texts() if t not in table]
    assert (UI / "translations" / "ui_de.qm").stat().st_mtime >= 0


def test_shipped_result_codes_and_channels_are_worded_in_german(qapp) -> None:  # type: ignore[no-untyped-def]
    from ui.i18n import install_language
    from ui.widgets.referral_queue import channel_text
    from ui.widgets.result_form import code_label

    install_language(qapp, "de")
    try:
        assert code_label("Considered satisfactory") == "Als zufriedenstellend angesehen"
        assert code_label("NAT-7 national code") == "NAT-7 national code"  # a post's own
        assert channel_text("red") == "■ ROT"
    finally:
        install_language(qapp, "en")
    assert code_label("Considered satisfactory") == "Considered satisfactory"


def test_model_labels_of_our_vocabulary_are_worded_others_kept(qapp) -> None:  # type: ignore[no-untyped-def]
    from ui.i18n import install_language
    from ui.widgets.finding_words import finding_label_text

    install_language(qapp, "de")
    try:
        assert finding_label_text("handgun", "parcel-threats") == "Handfeuerwaffe"
        assert finding_label_text("blade", "parcel-threats") == "Klinge"
        assert finding_label_text("drug-package", "analyst") == "Drogenpaket"
        # Another model's own label is its vocabulary: shown as it is.
        assert finding_label_text("sealed-crate", "post-model") == "sealed-crate"
    finally:
        install_language(qapp, "en")
    assert finding_label_text("handgun", "parcel-threats") == "Handgun"
