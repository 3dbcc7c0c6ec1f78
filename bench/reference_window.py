"""A plain PySide6 window with the widgets of Signal Composer's first frame, and no app code.

bench_gui.py times it beside the bare window and the app: it is the floor for a window like
ours in this binding (the Qt namespace, the widget types and their enums, fonts), so the gap
between it and the app is what the app's own code costs.
"""

import os

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDockWidget,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTabWidget,
    QTreeWidget,
    QVBoxLayout,
    QWidget,
)

app = QApplication([])
window = QMainWindow()
for title in ("&File", "&Edit", "&Request", "&View", "&Help"):
    menu = window.menuBar().addMenu(title)
    for i in range(5):
        action = QAction(f"Item {i}", window)
        action.setShortcut(QKeySequence(f"Ctrl+{i}"))
        menu.addAction(action)
central = QWidget()
column = QVBoxLayout(central)
bar = QHBoxLayout()
column.addLayout(bar)
stores = QComboBox()
stores.addItems(["local-mock"])
kinds = QComboBox()
kinds.addItems(["query", "click", "cartAdd", "purchase"])
for widget in (QLabel("Store"), stores, QLabel("token"), QPushButton("Stores && tokens…")):
    bar.addWidget(widget)
bar.addStretch(1)
for widget in (QLabel("Type"), kinds, QPushButton("Send")):
    bar.addWidget(widget)
splitter = QSplitter(Qt.Orientation.Horizontal)
column.addWidget(splitter, 1)
signals = QWidget()
signals_column = QVBoxLayout(signals)
signals_column.addWidget(QListWidget())
for text in ("Add", "Duplicate", "Remove"):
    signals_column.addWidget(QPushButton(text))
splitter.addWidget(signals)
tabs = QTabWidget()
area = QScrollArea()
area.setWidgetResizable(True)
host = QWidget()
host_column = QVBoxLayout(host)
for title, rows in (("Session", 5), ("Query", 1), ("Details", 2)):
    box = QGroupBox(title)
    form = QFormLayout(box)
    for i in range(rows):
        row = QWidget()
        row_column = QVBoxLayout(row)
        line = QHBoxLayout()
        line.addWidget(QLineEdit(f"value {i}"))
        line.addWidget(QPushButton("New id"))
        row_column.addLayout(line)
        message = QLabel()
        message.hide()
        row_column.addWidget(message)
        form.addRow(QLabel(f"field{i}"), row)
    host_column.addWidget(box)
products = QGroupBox("Products")
products_column = QVBoxLayout(products)
buttons = QHBoxLayout()
products_column.addLayout(buttons)
for text in ("Add", "Duplicate", "Remove", "Up", "Down"):
    buttons.addWidget(QPushButton(text))
table = QTableWidget(1, 6)
table.setHorizontalHeaderLabels(["productId", "title", "price", "currency", "imageuri", "qty"])
for c in range(6):
    table.setCellWidget(0, c, QLineEdit("x"))
products_column.addWidget(table)
host_column.addWidget(products, 1)
area.setWidget(host)
tabs.addTab(area, "&Form")
tabs.addTab(QWidget(), "&JSON")
splitter.addWidget(tabs)
response = QWidget()
response_column = QVBoxLayout(response)
response_column.addWidget(QLabel("Nothing sent yet"))
response_column.addWidget(QLabel("Press Ctrl+Enter to send the request."))
response_column.addStretch(1)
splitter.addWidget(response)
window.setCentralWidget(central)
dock = QDockWidget("Problems", window)
problems = QTreeWidget()
problems.setHeaderLabels(["", "Signal", "Field", "Problem"])
dock.setWidget(problems)
window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
window.statusBar().addPermanentWidget(QLabel("0 errors"))
window.resize(1280, 820)
window.show()
QTimer.singleShot(0, lambda: (print("shown", flush=True), os._exit(0)))
app.exec()
