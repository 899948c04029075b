"""The performance figures in the supervisor's window: period and lane pickers, the key
figures, interactive charts (hit rate per risk profile, controls per day, control durations;
pyqtgraph: zoom with the wheel, pan by dragging, right-click for the view menu), one table
per grouping, and the exports (CSV, PDF, results for risk analysis).

It only binds: the figures come from :mod:`workstation.reports` (one computation for the
window, the command line and the PDF), run on the lane's persistence writer through
:class:`ui.bridge.Worker` so the GUI thread never waits on the database; the answer comes
back as a callback on the main thread.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from workstation.reports import service
from workstation.reports.kpis import (
    HISTOGRAM_BIN_MINUTES,
    HISTOGRAM_LAST_BIN,
    Figures,
    GroupFigures,
    Period,
)

BAR_COLOUR = "#2F80ED"  # readable on the light and the dark background
ALARM_COLOUR = "#E5484D"
Index = QModelIndex | QPersistentModelIndex


def _pct(value: float | None) -> str:
    """A share 0..1 as a percentage in the user's language (40.0 % / 40,0 %)."""
    return "—" if value is None else f"{QLocale().toString(100 * value, 'f', 1)} %"


def _num(value: float | None) -> str:
    """Minutes to one decimal in the user's language."""
    return "—" if value is None else QLocale().toString(value, "f", 1)


def _count(value: int) -> str:
    """A count with the language's digit grouping (12,345 / 12.345)."""
    return QLocale().toString(value)


def _integer_ticks(plot: pg.PlotWidget, top: float) -> None:
    """Whole-number ticks on a count axis (pyqtgraph put 0.5 steps under small counts)."""
    step = max(1, math.ceil(top / 6))
    plot.getAxis("left").setTickSpacing(step, step)


class GroupTableModel(QAbstractTableModel):
    """The figures of one grouping (lanes, officers, risk profiles, ...), one row per group;
    a model, not a widget per row, so a year of 400 officers scrolls freely."""

    COLUMNS = 9

    def __init__(self, headers: list[str], no_key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.headers = headers
        self.no_key = no_key
        self.groups: list[GroupFigures] = []

    def set_groups(self, groups: list[GroupFigures], no_key: str) -> None:
        self.beginResetModel()
        self.groups = list(groups)
        self.no_key = no_key
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's name
        return 0 if parent.isValid() else len(self.groups)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's name
        return 0 if parent.isValid() else self.COLUMNS

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt's name
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        g = self.groups[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole and column > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        values = [self.no_key if g.key is None else g.key,
                  "—" if g.referrals_received is None else _count(g.referrals_received),
                  _count(g.controls), _count(g.with_irregularity), _pct(g.hit_rate),
                  _count(g.random), _count(g.with_scan), _count(g.seizures),
                  QLocale().toString(g.seizure_value_eur, "f", 2)]
        return values[column]


class FiguresView(QWidget):
    """The figures of a period for the signed-in supervisor (``ctx.user``)."""

    figures_shown = Signal(int)  # controls in the figures shown
    exported = Signal(str)  # the file written
    failed = Signal(str)  # the refusal or error, in words

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        assert ctx.user is not None
        self.ctx = ctx
        self.username = ctx.user.username
        self.author = ctx.user.full_name or ctx.user.username
        self.figures: Figures | None = None
        self.setObjectName("figuresView")

        today = QDate.currentDate()
        self.since = QDateEdit(today.addDays(-29))
        self.until = QDateEdit(today)
        for edit, name in ((self.since, self.tr("First day")), (self.until, self.tr("Last day"))):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setAccessibleName(name)
        self.lane = QComboBox()
        self.lane.setEditable(True)
        self.lane.setAccessibleName(self.tr("Lane"))
        self.lane.addItem(self.tr("All lanes"), "")
        self.lane.setMinimumContentsLength(10)
        self.show_button = QPushButton(self.tr("Show figures"))
        self.show_button.setObjectName("primary")
        self.show_button.clicked.connect(self.refresh)
        self.csv_button = QPushButton(self.tr("Export CSV"))
        self.csv_button.clicked.connect(self._ask_csv)
        self.pdf_button = QPushButton(self.tr("Export PDF"))
        self.pdf_button.clicked.connect(self._ask_pdf)
        self.results_button = QPushButton(self.tr("Export results for risk analysis"))
        self.results_button.clicked.connect(self._ask_results)
        pickers = QHBoxLayout()
        pickers.addWidget(QLabel(self.tr("From")))
        pickers.addWidget(self.since)
        pickers.addWidget(QLabel(self.tr("to")))
        pickers.addWidget(self.until)
        pickers.addWidget(QLabel(self.tr("Lane")))
        pickers.addWidget(self.lane)
        pickers.addWidget(self.show_button)
        pickers.addStretch(1)
        for button in (self.csv_button, self.pdf_button, self.results_button):
            pickers.addWidget(button)

        # Key figures: a caption over each value.
        self.key_values: dict[str, QLabel] = {}
        keys = QGridLayout()
        captions = [("controls", self.tr("Controls closed")),
                    ("irregular", self.tr("With an irregularity")),
                    ("hit_rate", self.tr("Hit rate")),
                    ("minutes", self.tr("Duration p50 / p90 (min)")),
                    ("waiting", self.tr("Waiting p50 / p90 (min)")),
                    ("deadline", self.tr("Deadline kept")),
                    ("scan", self.tr("With a scan")),
                    ("seizures", self.tr("Seizures")),
                    ("backlog", self.tr("Awaiting review"))]
        for column, (key, caption) in enumerate(captions):
            title = QLabel(caption)
            title.setAlignment(Qt.AlignmentFlag.AlignCenter)
            value = QLabel("—")
            value.setObjectName("heading")
            value.setAlignment(Qt.AlignmentFlag.AlignCenter)
            value.setAccessibleName(caption)
            keys.addWidget(title, 0, column)
            keys.addWidget(value, 1, column)
            self.key_values[key] = value

        # Charts.
        self.hit_plot = self._plot(self.tr("Hit rate per risk profile (%)"))
        self.day_plot = self._plot(self.tr("Controls closed per day"),
                                   axis={"bottom": pg.DateAxisItem()})
        # Two lines, told apart by a legend (colour alone did not say which was which).
        self.day_legend = self.day_plot.addLegend(offset=(10, 10))
        self.duration_plot = self._plot(self.tr("Control duration (minutes, opened to first "
                                                "closed)"))
        charts = QSplitter(Qt.Orientation.Horizontal)
        for plot in (self.hit_plot, self.day_plot, self.duration_plot):
            charts.addWidget(plot)

        # Tables, one tab per grouping.
        self.headers = [self.tr("Group"), self.tr("Referrals"), self.tr("Controls"),
                        self.tr("Irregular"), self.tr("Hit rate"), self.tr("Random"),
                        self.tr("With scan"), self.tr("Seizures"), self.tr("Value (€)")]
        self.tables = QTabWidget()
        self.models: dict[str, GroupTableModel] = {}
        self.dimension_titles = {
            "lane": self.tr("Lanes"), "officer": self.tr("Officers"),
            "risk_profile": self.tr("Risk profiles"), "risk_area": self.tr("Risk areas"),
            "channel": self.tr("Channels"), "control_type": self.tr("Control types"),
            "post": self.tr("Posts")}
        for dimension, title in self.dimension_titles.items():
            model = GroupTableModel(self.headers, "—", self)
            view = QTableView()
            view.setModel(model)
            view.setAccessibleName(title)
            view.verticalHeader().setVisible(False)
            view.setAlternatingRowColors(True)
            header = view.horizontalHeader()
            header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)  # the group's name
            self.models[dimension] = model
            self.tables.addTab(view, title)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(charts)
        split.addWidget(self.tables)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(pickers)
        layout.addLayout(keys)
        layout.addWidget(split, 1)
        layout.addWidget(self.message)
        self._set_busy(False)

    # --- helpers --------------------------------------------------------------------------

    def _plot(self, title: str, axis: dict[str, pg.AxisItem] | None = None) -> pg.PlotWidget:
        plot = pg.PlotWidget(axisItems=axis or {})
        plot.setTitle(title)
        plot.setAccessibleName(title)
        plot.setMinimumHeight(200)
        plot.showGrid(x=False, y=True, alpha=0.25)
        plot.setMouseEnabled(x=True, y=False)
        return plot

    def _theme_plots(self) -> None:
        palette = self.palette()
        background = palette.color(QPalette.ColorRole.Base).name()
        text = palette.color(QPalette.ColorRole.Text).name()
        for plot in (self.hit_plot, self.day_plot, self.duration_plot):
            plot.setBackground(background)
            plot.getPlotItem().titleLabel.setAttr("color", text)
            plot.getPlotItem().titleLabel.setText(plot.getPlotItem().titleLabel.text)
            for name in ("left", "bottom"):
                plot.getAxis(name).setTextPen(text)
                plot.getAxis(name).setPen(text)

    def period(self) -> Period:
        """The chosen period: from the first day's start to the last day's end (UTC)."""
        since = self.since.date().toPython()
        until = self.until.date().toPython()
        text = self.lane.currentText().strip()
        lane = "" if text == self.lane.itemText(0) else text  # "All lanes"
        return Period(datetime(since.year, since.month, since.day, tzinfo=UTC),
                      datetime(until.year, until.month, until.day, tzinfo=UTC)
                      + timedelta(days=1), lane or None)

    def _set_busy(self, busy: bool) -> None:
        self.show_button.setEnabled(not busy)
        ready = not busy and self.figures is not None
        self.csv_button.setEnabled(ready)
        self.pdf_button.setEnabled(ready)

    def say(self, text: str, status: str = "") -> None:
        self.message.setText(text)
        self.message.setProperty("status", status)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)

    def _refused(self, message: str) -> None:
        self._set_busy(False)
        self.say(self.tr("Not done: %1").replace("%1", message), "alarm")
        self.failed.emit(message)

    # --- commands -------------------------------------------------------------------------

    def refresh(self) -> None:
        """Compute the figures of the chosen period on the writer; shown when they come."""
        try:
            period = self.period()
        except ValueError:
            self.say(self.tr("The last day is before the first day."), "warn")
            return
        self._set_busy(True)
        self.say(self.tr("Computing the figures…"))
        db, username = self.ctx.db, self.username
        self.ctx.writer.submit("figures", lambda: service.figures_for(db, period, username),
                               on_done=self.show_figures, on_failed=self._refused, owner=self)

    def show_figures(self, figures: Figures) -> None:
        self.figures = figures
        self._set_busy(False)
        self._theme_plots()
        t = figures.totals
        values = {
            "controls": _count(t.controls), "irregular": _count(t.with_irregularity),
            "hit_rate": _pct(t.hit_rate),
            "minutes": f"{_num(figures.control_minutes.p50)} / "
                       f"{_num(figures.control_minutes.p90)}",
            "waiting": f"{_num(figures.waiting_minutes.p50)} / "
                       f"{_num(figures.waiting_minutes.p90)}",
            "deadline": _pct(figures.deadline_compliance), "scan": _pct(figures.scan_share),
            "seizures": f"{_count(t.seizures)} · {_count(round(t.seizure_value_eur))} €",
            "backlog": _count(figures.reviews.awaiting)}
        for key, text in values.items():
            self.key_values[key].setText(text)
        self._draw_hit_rates(figures.groups.get("risk_profile", []))
        self._draw_days(figures)
        self._draw_durations(figures)
        no_key = {"channel": self.tr("(random control)"),
                  "risk_area": self.tr("(random control)"),
                  "risk_profile": self.tr("(random control)")}
        for dimension, model in self.models.items():
            model.set_groups(figures.groups.get(dimension, []), no_key.get(dimension, "—"))
        self.tables.setTabVisible(list(self.models).index("officer"), figures.per_officer_shown)
        known = {self.lane.itemText(i) for i in range(1, self.lane.count())}
        for group in figures.groups.get("lane", []):
            if group.key and group.key not in known:
                self.lane.addItem(group.key, group.key)
        self.say(self.tr("1 control closed in the period.") if t.controls == 1 else
                 self.tr("%1 controls closed in the period.").replace("%1", _count(t.controls)),
                 "ok")
        self.figures_shown.emit(t.controls)

    def _draw_hit_rates(self, groups: list[GroupFigures]) -> None:
        plot = self.hit_plot
        plot.clear()
        shown = [g for g in groups if g.controls and g.key is not None][:15]
        if not shown:
            return
        xs = list(range(len(shown)))
        heights = [100 * (g.hit_rate or 0.0) for g in shown]
        plot.addItem(pg.BarGraphItem(x=xs, height=heights, width=0.7, brush=BAR_COLOUR))
        plot.getAxis("bottom").setTicks([[(x, g.key or "") for x, g in zip(xs, shown,
                                                                            strict=True)]])
        plot.setYRange(0, max(10.0, max(heights) * 1.15))

    def _draw_days(self, figures: Figures) -> None:
        plot = self.day_plot
        plot.clear()
        if not figures.per_day:
            return
        stamps = [datetime(d.day.year, d.day.month, d.day.day, 12, tzinfo=UTC).timestamp()
                  for d in figures.per_day]
        symbol = "o" if len(stamps) < 40 else None
        self.day_legend.setLabelTextColor(self.palette().color(QPalette.ColorRole.Text))
        plot.plot(stamps, [d.controls for d in figures.per_day],
                  pen=pg.mkPen(BAR_COLOUR, width=2), symbol=symbol, symbolBrush=BAR_COLOUR,
                  name=self.tr("closed"))
        plot.plot(stamps, [d.with_irregularity for d in figures.per_day],
                  pen=pg.mkPen(ALARM_COLOUR, width=2), symbol=symbol, symbolBrush=ALARM_COLOUR,
                  name=self.tr("with an irregularity"))
        # A short period gets one tick per day, named by its date (the date axis alone put
        # hours such as 06:00 under a single day's point); a long one the axis' own ticks.
        ticks = ([[(t, QLocale().toString(QDate(d.day.year, d.day.month, d.day.day), "d MMM"))
                   for t, d in zip(stamps, figures.per_day, strict=True)]]
                 if len(stamps) <= 7 else None)
        plot.getAxis("bottom").setTicks(ticks)
        # Whole days around the points (a single day would otherwise span seconds), from 0.
        half_day = 43_200.0
        plot.setXRange(stamps[0] - half_day, stamps[-1] + half_day, padding=0.02)
        top = max(d.controls for d in figures.per_day)
        plot.setYRange(0, max(top, 1) * 1.15, padding=0)
        _integer_ticks(plot, top)

    def _draw_durations(self, figures: Figures) -> None:
        plot = self.duration_plot
        plot.clear()
        bins = dict(figures.duration_histogram)
        if not bins:
            return
        starts = list(range(0, HISTOGRAM_LAST_BIN + 1, HISTOGRAM_BIN_MINUTES))
        plot.addItem(pg.BarGraphItem(x=[s + HISTOGRAM_BIN_MINUTES / 2 for s in starts],
                                     height=[bins.get(s, 0) for s in starts],
                                     width=HISTOGRAM_BIN_MINUTES * 0.85, brush=BAR_COLOUR))
        plot.getAxis("bottom").setTicks([[(s, str(s) if s < HISTOGRAM_LAST_BIN else f"{s}+")
                                          for s in starts[::2]]])
        _integer_ticks(plot, max(bins.values()))

    # --- exports --------------------------------------------------------------------------

    def _save_name(self, title: str, suggested: str, pattern: str) -> Path | None:
        chosen, _filter = QFileDialog.getSaveFileName(self, title, suggested, pattern)
        return Path(chosen) if chosen else None

    def _suggested(self, ending: str) -> str:
        period = self.period()
        last = (period.until - timedelta(days=1)).date()
        return f"figures-{period.since.date()}-{last}{'-' + period.lane if period.lane else ''}.{ending}"

    def _ask_csv(self) -> None:
        path = self._save_name(self.tr("Export the figures as CSV"), self._suggested("csv"),
                               self.tr("CSV files (*.csv)"))
        if path is not None:
            self.export_csv(path)

    def _ask_pdf(self) -> None:
        path = self._save_name(self.tr("Export the figures as PDF"), self._suggested("pdf"),
                               self.tr("PDF files (*.pdf)"))
        if path is not None:
            self.export_pdf(path)

    def _ask_results(self) -> None:
        path = self._save_name(self.tr("Export results for risk analysis"),
                               "results.json", self.tr("JSON files (*.json);;CSV files (*.csv)"))
        if path is not None:
            self.export_results(path)

    def _run_export(self, name: str, job: Callable[[], object], path: Path) -> None:
        self.say(self.tr("Writing %1…").replace("%1", str(path)))

        def done(_result: object) -> None:
            self.say(self.tr("Written: %1").replace("%1", str(path)), "ok")
            self.exported.emit(str(path))

        self.ctx.writer.submit(name, job, on_done=done, on_failed=self._refused, owner=self)

    def export_csv(self, path: Path) -> None:
        figures = self.figures
        if figures is not None:
            self._run_export("figures-csv", lambda: service.export_csv(figures, path), path)

    def export_pdf(self, path: Path) -> None:
        figures = self.figures
        if figures is not None:
            post, author = self.ctx.config.lane.post, self.author
            self._run_export("figures-pdf",
                             lambda: service.export_pdf(figures, path, post=post, author=author),
                             path)

    def export_results(self, path: Path) -> None:
        """Closed controls since the first day, as the risk-analysis export (JSON, or CSV
        when the file name ends in .csv)."""
        db, username = self.ctx.db, self.username
        since = self.period().since
        form = "csv" if path.suffix.lower() == ".csv" else "json"
        self._run_export("results-export",
                         lambda: service.export_results(db, username, path, since=since,
                                                        form=form), path)
