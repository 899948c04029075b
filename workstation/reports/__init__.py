"""Performance figures of a post (CUP-style) and their reports: one computation
(:mod:`workstation.reports.kpis`), written as JSON, CSV (:mod:`workstation.reports.csv_export`)
and PDF (:mod:`workstation.reports.pdf`). Qt-free: the supervisor's window, the command line
and the benchmark all call the same code."""
