"""The dashboard's two charts, drawn with QPainter: the funnel and signals per day.

No chart library: both are a few rectangles and lines, which QPainter draws in well under a
millisecond, with nothing more to install or load (see the README's dashboard section for
the measurements of Qt Charts and pyqtgraph).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from signal_composer.signals.figures import KINDS, Figures

COLOURS = {"query": "#4285f4", "click": "#34a853", "cartadd": "#fbbc04", "purchase": "#ea4335"}
NAMES = {"query": "Queries", "click": "Clicks", "cartadd": "Cart adds", "purchase": "Purchases"}


class _Chart(QWidget):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.figures: Figures | None = None
        self.setMinimumSize(260, 180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def show_figures(self, figures: Figures) -> None:
        self.figures = figures
        self.update()

    def _start(self, painter: QPainter) -> QRectF:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = self.palette().windowText().color()
        painter.setPen(text)
        font = painter.font()
        font.setBold(True)
        painter.setFont(font)
        line = painter.fontMetrics().height()
        painter.drawText(QRectF(0, 0, self.width(), line), self.title)
        font.setBold(False)
        painter.setFont(font)
        return QRectF(0, line + 6, self.width(), self.height() - line - 6)


class FunnelChart(_Chart):
    """Queries → clicks → cart adds → purchases: bars to scale, each step's share of the one
    before it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Funnel", parent)
        self.setObjectName("funnelChart")

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        area = self._start(painter)
        if self.figures is None:
            return
        steps = self.figures.funnel()
        top = max((count for _, count in steps), default=0) or 1
        label_w = painter.fontMetrics().horizontalAdvance("Cart adds  ") + 4
        row = min(area.height() / len(steps), 3.2 * painter.fontMetrics().height())
        text = self.palette().windowText().color()
        for i, ((label, count), kind) in enumerate(zip(steps, KINDS, strict=True)):
            y = area.top() + i * row
            painter.setPen(text)
            painter.drawText(QRectF(0, y, label_w, row), Qt.AlignmentFlag.AlignVCenter, label)
            width = (area.width() - label_w - 130) * count / top
            bar = QRectF(label_w, y + row * 0.15, max(width, 1.0), row * 0.7)
            painter.fillRect(bar, QColor(COLOURS[kind]))
            share = ""
            if i:
                before = steps[i - 1][1]
                share = f"  ({count / before:.0%} of {steps[i - 1][0].lower()})" if before else ""
            painter.drawText(
                QRectF(bar.right() + 6, y, area.width(), row),
                Qt.AlignmentFlag.AlignVCenter,
                f"{count:,}{share}",
            )


class TrendChart(_Chart):
    """Each type's signals per day (UTC), a line per type."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Signals per day (UTC)", parent)
        self.setObjectName("trendChart")

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        area = self._start(painter)
        if self.figures is None or not self.figures.days:
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, "No signals")
            return
        days = sorted(self.figures.days)
        days = list(range(days[0], days[-1] + 1))
        metrics = painter.fontMetrics()
        line = metrics.height()
        legend_y = area.bottom() - line
        plot = QRectF(
            area.left() + 48, area.top() + 4, area.width() - 60, area.height() - 2 * line - 14
        )
        top = max((d.counts[k] for d in self.figures.days.values() for k in KINDS), default=0) or 1
        grid = QColor(self.palette().mid().color())
        text = self.palette().windowText().color()
        painter.setPen(QPen(grid, 1))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        painter.drawLine(plot.bottomLeft(), plot.topLeft())
        painter.setPen(text)
        painter.drawText(
            QRectF(0, plot.top() - line / 2, 44, line), Qt.AlignmentFlag.AlignRight, f"{top:,}"
        )
        painter.drawText(
            QRectF(0, plot.bottom() - line / 2, 44, line), Qt.AlignmentFlag.AlignRight, "0"
        )
        step = plot.width() / max(1, len(days) - 1)
        label_every = max(1, int(len(days) / max(1, plot.width() / 60)) + 1)
        for i, day in enumerate(days):
            if i % label_every == 0:
                x = plot.left() + i * step if len(days) > 1 else plot.center().x()
                painter.drawText(
                    QRectF(x - 30, plot.bottom() + 2, 60, line),
                    Qt.AlignmentFlag.AlignHCenter,
                    Figures.day_label(day),
                )
        for kind in KINDS:
            pen = QPen(QColor(COLOURS[kind]), 2)
            painter.setPen(pen)
            points = []
            for i, day in enumerate(days):
                found = self.figures.days.get(day)
                count = found.counts[kind] if found else 0
                x = plot.left() + i * step if len(days) > 1 else plot.center().x()
                points.append(QPointF(x, plot.bottom() - plot.height() * count / top))
            if len(points) == 1:
                painter.drawEllipse(points[0], 3, 3)
            else:
                painter.drawPolyline(points)
        x = area.left() + 48
        for kind in KINDS:
            painter.fillRect(QRectF(x, legend_y + line / 3, 10, 10), QColor(COLOURS[kind]))
            painter.setPen(text)
            painter.drawText(QPointF(x + 14, legend_y + line * 0.85), NAMES[kind])
            x += 24 + metrics.horizontalAdvance(NAMES[kind])
