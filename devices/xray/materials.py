"""Materials and their x-ray mass attenuation coefficients at the scanners' effective energies.

Source of every coefficient: NIST "X-Ray Mass Attenuation Coefficients" (J. H. Hubbell and
S. M. Seltzer, NISTIR 5632, NIST Standard Reference Database 126) and NIST XCOM (Berger et
al., SRD 8) — total attenuation with coherent scattering, mu/rho in cm^2/g, rounded to three or
four significant figures. Elements (Al, Fe, Cu, Pb) and the listed compounds (water,
polyethylene, Pyrex glass) are table values; paper (cellulose), tobacco, drugs (cocaine
hydrochloride stand-in) and salt (NaCl) are XCOM mixture-rule values for their formulae.

Two energy pairs, because parcel and cargo scanners work in different physics:

* ``"kev"`` — parcel/baggage scanners (160 kV tube, sandwich detector). Effective energies
  60 keV (low, front layer) and 150 keV (high, rear layer behind a copper filter). Below ~100
  keV the photo-effect (∝ Z^4) dominates the low channel, so low/high attenuation ratio rises
  with atomic number: organic ~1.3, aluminium ~2.0, iron ~6. Lead is the known exception:
  its K-edge (88 keV) lies between the two energies so its ratio (~2.5) falls among the light
  inorganics; any lead thick enough to matter is classed impenetrable anyway.
* ``"mev"`` — cargo scanners (4/6 MV linear accelerator, interlaced dual energy). Effective
  energies 2 MeV and 5 MeV. Here Compton scattering dominates and pair production (∝ Z^2)
  grows with energy, so the ratio *falls* with atomic number: organic ~1.6, iron ~1.35,
  lead ~1.08. The material calibration therefore keeps the direction of the ratio per pair.

Monoenergetic effective energies ignore beam hardening; that is a deliberate simplification
(see docs/decisions/0100-xray-physics-model.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

MaterialClass = Literal["organic", "inorganic", "metal"]
CLASS_ORDER: tuple[MaterialClass, ...] = ("organic", "inorganic", "metal")


@dataclass(frozen=True)
class EnergyPair:
    """Effective energies of the two channels of one scanner type (keV)."""

    key: str
    low_kev: float
    high_kev: float
    description: str


ENERGY_PAIRS: dict[str, EnergyPair] = {
    "kev": EnergyPair("kev", 60.0, 150.0, "parcel/baggage scanner, 160 kV tube"),
    "mev": EnergyPair("mev", 2000.0, 5000.0, "cargo scanner, 4/6 MV linear accelerator"),
}


@dataclass(frozen=True)
class Material:
    """One material: density (g/cm^3) and mu/rho (cm^2/g) per energy pair as (low, high)."""

    key: str
    name: str
    material_class: MaterialClass
    density: float
    mu_rho: dict[str, tuple[float, float]]

    def mu(self, pair: str) -> tuple[float, float]:
        """Linear attenuation coefficients (1/cm) at the (low, high) energy of ``pair``."""
        try:
            low, high = self.mu_rho[pair]
        except KeyError:
            raise KeyError(f"material {self.key!r} has no coefficients for energy pair {pair!r} "
                           f"(known: {', '.join(self.mu_rho)})") from None
        return low * self.density, high * self.density

    def ratio(self, pair: str) -> float:
        """Low/high attenuation ratio: independent of thickness for monoenergetic beams."""
        low, high = self.mu_rho[pair]
        return low / high


def _m(key: str, name: str, cls: MaterialClass, density: float,
       kev: tuple[float, float], mev: tuple[float, float]) -> Material:
    return Material(key, name, cls, density, {"kev": kev, "mev": mev})


# key: name, class, density g/cm^3, mu/rho at (60 keV, 150 keV), mu/rho at (2 MeV, 5 MeV)
MATERIALS: dict[str, Material] = {m.key: m for m in (
    # Organic (low Z: H, C, N, O)
    _m("water", "water / drinks", "organic", 1.00, (0.2059, 0.1505), (0.04942, 0.03031)),
    _m("plastic", "polyethylene", "organic", 0.94, (0.1974, 0.1539), (0.05051, 0.03090)),
    _m("paper", "paper (cellulose)", "organic", 0.80, (0.1892, 0.1391), (0.04560, 0.02794)),
    _m("tobacco", "tobacco (packed cigarettes)", "organic", 0.30, (0.1950, 0.1400),
       (0.04600, 0.02810)),
    _m("drugs", "drug powder (cocaine HCl)", "organic", 1.10, (0.1930, 0.1440),
       (0.04700, 0.02880)),
    _m("textile", "clothes (cotton/polyester)", "organic", 0.25, (0.1900, 0.1395),
       (0.04570, 0.02800)),
    _m("rubber", "rubber (tyres, belts)", "organic", 1.15, (0.2000, 0.1480), (0.04800, 0.02950)),
    _m("wood", "wood (pallets, floors)", "organic", 0.60, (0.1892, 0.1391), (0.04560, 0.02794)),
    # Light inorganic (Z ~ 11-17)
    _m("aluminium", "aluminium", "inorganic", 2.70, (0.2778, 0.1378), (0.04324, 0.02836)),
    _m("glass", "glass (borosilicate)", "inorganic", 2.23, (0.2550, 0.1360), (0.04390, 0.02860)),
    _m("salt", "salt (NaCl)", "inorganic", 2.17, (0.3840, 0.1420), (0.04350, 0.02950)),
    # Metals
    _m("steel", "steel (iron)", "metal", 7.87, (1.205, 0.1964), (0.04254, 0.03146)),
    _m("copper", "copper", "metal", 8.96, (1.593, 0.2208), (0.04205, 0.03177)),
    _m("lead", "lead", "metal", 11.35, (5.021, 2.014), (0.04606, 0.04272)),
)}


def material(key: str) -> Material:
    """The material ``key``; a clear error lists the known keys."""
    try:
        return MATERIALS[key]
    except KeyError:
        raise KeyError(f"unknown material {key!r}; known: {', '.join(sorted(MATERIALS))}") from None


def class_ratios(pair: str) -> dict[MaterialClass, tuple[float, float]]:
    """(smallest, largest) low/high ratio of each material class in ``pair``.

    Lead is left out of the keV pair: its K-edge puts it out of order (see module docstring).
    """
    spans: dict[MaterialClass, tuple[float, float]] = {}
    for m in MATERIALS.values():
        if pair == "kev" and m.key == "lead":
            continue
        r = m.ratio(pair)
        lo, hi = spans.get(m.material_class, (r, r))
        spans[m.material_class] = (min(lo, r), max(hi, r))
    return spans


def class_median_ratios(pair: str) -> dict[MaterialClass, float]:
    """Median low/high ratio of each material class in ``pair`` (lead left out of "kev")."""
    values: dict[MaterialClass, list[float]] = {}
    for m in MATERIALS.values():
        if pair == "kev" and m.key == "lead":
            continue
        values.setdefault(m.material_class, []).append(m.ratio(pair))
    return {cls: float(sorted(v)[len(v) // 2]) if len(v) % 2 else
            float(sum(sorted(v)[len(v) // 2 - 1:len(v) // 2 + 1]) / 2) for cls, v in values.items()}

