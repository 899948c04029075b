"""Dual-energy x-ray line scanners: the wire protocol (:mod:`.protocol`), the TCP driver
(:mod:`.driver`), the folder-import driver (:mod:`.folder_import`) and the scan-file
readers they and the scan store share (:mod:`.scan_files`), the typed interface with the
scanner's geometry (:mod:`.interface`), and the materials' attenuation coefficients
(:mod:`.materials`, used by the imaging code too).

The simulator (scenes, physics, simulated scanner) lives apart in :mod:`devices.xray.sim`.
"""
