"""ISO 6346 reading logic: pattern fitting, invalid codes reported with ranked corrections."""

from __future__ import annotations

from standards.iso6346 import is_valid
from workstation.recognition.containers import assess, corrections, fit_code
from workstation.recognition.plates import fit_layouts
from workstation.recognition.textrec import CharRead, ctc_decode


def _chars(text: str, prob: float = 0.99) -> list[CharRead]:
    return [CharRead(c, prob) for c in text]


def test_invalid_label_is_reported_invalid_with_corrections() -> None:
    result = assess("WEGU6047895")
    assert result.valid is False
    codes = [code for code, _ in assess("WEGU6047895", limit=100).alternatives]
    assert codes and all(is_valid(c) for c in codes)
    assert "SEGU6047895" in codes and "WEGU6047890" in codes
    assert result.code == "WEGU6047895"  # never replaced


def test_corrections_ranked_by_the_networks_runner_up() -> None:
    chars = _chars("XINU1577217")
    chars[-1] = CharRead("7", 0.6, (("4", 0.3), ("1", 0.05)))
    ranked = corrections(chars)
    assert ranked[0][0] == "XINU1577214"


def test_fit_code_coerces_look_alikes_where_the_pattern_demands() -> None:
    fitted = fit_code(_chars("BEAU265693I"))
    assert fitted is not None
    assert "".join(c.char for c in fitted[0]) == "BEAU2656931"
    assert fit_code(_chars("MAXGROSS304")) is None  # no category letter U/J/Z


def test_plate_layout_fixes_a_final_one_read_for_i() -> None:
    chars = _chars("RK857A") + [CharRead("1", 0.7, (("I", 0.23),))]
    text, _, layout = fit_layouts(chars)
    assert text == "RK857AI" and layout is not None and layout.startswith(("SK", "FR", "IT"))


def test_ctc_decode_collapses_repeats_and_blanks() -> None:
    import numpy as np

    alphabet = "AB"
    steps = [1, 1, 0, 1, 2, 0]  # A A blank A B blank -> "AAB"
    probs = np.full((len(steps), 3), 0.01)
    for t, cls in enumerate(steps):
        probs[t, cls] = 0.98
    assert ctc_decode(probs, alphabet).text == "AAB"
