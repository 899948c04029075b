"""Findings and readings in words, for every window that shows them.

The record keeps machine keys (a rule finding's label ``nuclide:Cs-137``, an analyst's region
category ``drug-package``, a reading's unit ``uSv/h``); the officer, the supervisor and the
analyst read words in their language. A model's label that is one of our categories
(``handgun``, ``blade`` ...: the shipped models speak the analysts' vocabulary) gets the same
words; a key without words here (another model's own label, a post's own category) is shown
as it is: it is that model's vocabulary, not ours to rename.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication


def category_text(category: str) -> str:
    """An analyst's region category (``workstation.domain.vocab.ANALYST_CATEGORIES``)."""
    words = {
        "drug-package": QCoreApplication.translate("FindingWords", "Drug package"),
        "cigarettes": QCoreApplication.translate("FindingWords", "Cigarettes"),
        "cash": QCoreApplication.translate("FindingWords", "Cash"),
        "handgun": QCoreApplication.translate("FindingWords", "Handgun"),
        "knife": QCoreApplication.translate("FindingWords", "Knife"),
        "blade": QCoreApplication.translate("FindingWords", "Blade"),
        "battery": QCoreApplication.translate("FindingWords", "Battery"),
        "hidden-compartment": QCoreApplication.translate("FindingWords", "Hidden compartment"),
        "undeclared-dense-block": QCoreApplication.translate("FindingWords",
                                                             "Undeclared dense block"),
        "goods-in-empty": QCoreApplication.translate("FindingWords",
                                                     "Goods in an empty container"),
        "other": QCoreApplication.translate("FindingWords", "Other"),
    }
    return words.get(category, category)


def finding_label_text(label: str, source: str) -> str:
    """A finding's label in words: rule labels (``dose-rate-alarm``, ``nuclide:<name>``,
    ``controlled-substance:<name>``, see ``workstation.services.alarm_rules``), the
    officer's own finding, the analyst's categories and a model's label where it is one of
    those categories; any other model label unchanged."""
    if source == "analyst":
        return category_text(label)
    if label == "dose-rate-alarm":
        return QCoreApplication.translate("FindingWords", "Dose rate alarm")
    if label == "officer-finding":
        return QCoreApplication.translate("FindingWords", "Officer's finding")
    prefix, _, name = label.partition(":")
    if name and prefix == "nuclide":
        return QCoreApplication.translate("FindingWords", "Nuclide %1").replace("%1", name)
    if name and prefix == "controlled-substance":
        return QCoreApplication.translate("FindingWords",
                                          "Controlled substance %1").replace("%1", name)
    return category_text(label)


def source_text(source: str) -> str:
    """Who made a finding: a model (named by the caller), a rule, the officer, an analyst."""
    return {"rule": QCoreApplication.translate("FindingWords", "alarm rule"),
            "officer": QCoreApplication.translate("FindingWords", "officer"),
            "analyst": QCoreApplication.translate("FindingWords", "analyst")}.get(source, source)


# Units as the instruments' documents spell them (ASCII) -> as a reader expects them.
_UNITS = {"uSv/h": "µSv/h", "usv/h": "µSv/h", "g/cm3": "g/cm³", "kg/m3": "kg/m³", "1": ""}


def unit_text(unit: str) -> str:
    """A unit as printed (``uSv/h`` -> ``µSv/h``, ``g/cm3`` -> ``g/cm³``; ``1``, the unit of
    a plain number, disappears)."""
    if unit == "counts":
        return QCoreApplication.translate("FindingWords", "counts")
    return _UNITS.get(unit, unit)


def quantity_text(key: str) -> str:
    """A reading's quantity in words (``dose_rate`` -> dose rate; ``nuclide:Cs-137`` ->
    nuclide Cs-137, its value the instrument's confidence); an unknown key as it is."""
    if key.startswith("nuclide:"):
        return QCoreApplication.translate("FindingWords", "nuclide %1").replace(
            "%1", key.partition(":")[2])
    words = {"dose_rate": QCoreApplication.translate("FindingWords", "dose rate"),
             "real_time": QCoreApplication.translate("FindingWords", "real time"),
             "live_time": QCoreApplication.translate("FindingWords", "live time"),
             "gross_counts": QCoreApplication.translate("FindingWords", "gross counts"),
             "count_rate": QCoreApplication.translate("FindingWords", "count rate"),
             "substance": QCoreApplication.translate("FindingWords", "substance"),
             "library": QCoreApplication.translate("FindingWords", "library"),
             "confidence": QCoreApplication.translate("FindingWords", "confidence"),
             "spectrum_ref": QCoreApplication.translate("FindingWords", "spectrum"),
             "density": QCoreApplication.translate("FindingWords", "density")}
    return words.get(key, key.replace("_", " "))


def iq_metric_text(name: str) -> str:
    """An image-quality metric (``workstation.imaging.iq``) in words."""
    words = {"wire_resolution": QCoreApplication.translate("FindingWords", "wire resolution"),
             "spatial_resolution": QCoreApplication.translate("FindingWords",
                                                              "spatial resolution"),
             "noise": QCoreApplication.translate("FindingWords", "noise"),
             "uniformity": QCoreApplication.translate("FindingWords", "uniformity"),
             "penetration": QCoreApplication.translate("FindingWords", "penetration"),
             "useful_penetration": QCoreApplication.translate("FindingWords",
                                                              "useful penetration"),
             "simple_penetration": QCoreApplication.translate("FindingWords",
                                                              "simple penetration"),
             "material_discrimination": QCoreApplication.translate(
                 "FindingWords", "material discrimination")}
    return words.get(name, name.replace("_", " "))


def value_text(value: object) -> str:
    """A reading's value (``{"value": 0.4217, "unit": "uSv/h"}``) to three significant figures
    with its unit in print (``0.422 µSv/h``); a confidence (unit ``1`` or ``confidence``,
    0..1) as a percentage."""
    if not isinstance(value, dict):
        return f"{value:.3g}" if isinstance(value, float) else str(value)
    number, unit = value.get("value"), str(value.get("unit") or "")
    if unit in ("1", "confidence") and isinstance(number, float | int) and 0 <= number <= 1:
        return f"{number * 100:.0f} %"
    text = f"{number:.3g}" if isinstance(number, float) else str(number)
    return f"{text} {unit_text(unit)}".strip()


def reading_values_text(values: Mapping[str, object], *, separator: str = "; ") -> str:
    """A reading's values as ``quantity: value`` pairs in the reader's words
    (``dose rate: 1.92 µSv/h; real time: 30 s``), in the instrument's order."""
    return separator.join(f"{quantity_text(key)}: {value_text(value)}"
                          for key, value in values.items())
