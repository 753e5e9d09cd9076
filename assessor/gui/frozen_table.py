"""A table whose first column stays in place while the others scroll
sideways, so a row's name is never scrolled away (Qt's "Frozen Column"
example: a second view over the same model and selection, laid over the
first column and scrolled with the table)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget


class FrozenColumnTable(QTableView):
    """A :class:`QTableView` with column 0 frozen. Set the model with
    :meth:`setModel` as usual; sorting by the frozen column's heading sorts
    the table, and each heading shows the one sort indicator."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.frozen = QTableView(self)
        self.frozen.setObjectName("frozenColumn")
        self.frozen.setAccessibleName("Names")
        self.frozen.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.frozen.verticalHeader().hide()
        self.frozen.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.frozen.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.frozen.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.frozen.setStyleSheet("QTableView#frozenColumn { border: none; border-right: 1px solid #e5e7eb; }")
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.viewport().stackUnder(self.frozen)
        self.horizontalHeader().sectionResized.connect(self._section_resized)
        self.verticalHeader().sectionResized.connect(
            lambda index, _old, size: self.frozen.setRowHeight(index, size))
        self.frozen.verticalScrollBar().valueChanged.connect(self.verticalScrollBar().setValue)
        self.verticalScrollBar().valueChanged.connect(self.frozen.verticalScrollBar().setValue)
        self.frozen.horizontalHeader().sectionClicked.connect(self._frozen_clicked)
        self.frozen.doubleClicked.connect(self.doubleClicked)
        self.horizontalHeader().sortIndicatorChanged.connect(self._sync_indicator)

    def setModel(self, model: QAbstractItemModel | None) -> None:  # noqa: N802 - Qt API
        super().setModel(model)
        self.frozen.setModel(model)
        self.frozen.setSelectionModel(self.selectionModel())
        if model is not None:
            model.modelReset.connect(self._columns_changed)
            model.layoutChanged.connect(self._columns_changed)
        self._columns_changed()

    def setSelectionBehavior(self, behavior: QAbstractItemView.SelectionBehavior) -> None:  # noqa: N802
        super().setSelectionBehavior(behavior)
        self.frozen.setSelectionBehavior(behavior)

    def setAlternatingRowColors(self, enable: bool) -> None:  # noqa: N802
        super().setAlternatingRowColors(enable)
        self.frozen.setAlternatingRowColors(enable)

    def setShowGrid(self, show: bool) -> None:  # noqa: N802
        super().setShowGrid(show)
        self.frozen.setShowGrid(show)

    def setWordWrap(self, on: bool) -> None:  # noqa: N802
        super().setWordWrap(on)
        self.frozen.setWordWrap(on)

    def _columns_changed(self) -> None:
        model = self.model()
        columns = model.columnCount() if model is not None else 0
        for column in range(columns):
            self.frozen.setColumnHidden(column, column != 0)
        if columns:
            self.frozen.setColumnWidth(0, self.columnWidth(0))
        self.frozen.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.frozen.verticalHeader().setDefaultSectionSize(self.verticalHeader().defaultSectionSize())
        self.frozen.horizontalHeader().setFixedHeight(self.horizontalHeader().height())
        self._place()

    def _section_resized(self, index: int, _old: int, size: int) -> None:
        if index == 0:
            self.frozen.setColumnWidth(0, size)
            self._place()

    def _frozen_clicked(self, _section: int) -> None:
        header = self.horizontalHeader()
        if not self.isSortingEnabled():
            return
        order = (Qt.SortOrder.AscendingOrder if header.sortIndicatorSection() != 0
                 or header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder else Qt.SortOrder.DescendingOrder)
        self.sortByColumn(0, order)

    def _sync_indicator(self, section: int, order: Qt.SortOrder) -> None:
        header = self.frozen.horizontalHeader()
        header.setSortIndicatorShown(section == 0)
        header.setSortIndicator(section if section == 0 else -1, order)

    def resizeEvent(self, event) -> None:  # noqa: ANN001,N802 - Qt's signature
        super().resizeEvent(event)
        self._place()

    def scrollTo(self, index: QModelIndex, hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible) -> None:  # noqa: E501,N802
        if index.column() > 0:  # the frozen column is always in view
            super().scrollTo(index, hint)

    def _place(self) -> None:
        frame = self.frameWidth()
        self.frozen.setGeometry(self.verticalHeader().width() + frame, frame, self.columnWidth(0),
                                self.viewport().height() + self.horizontalHeader().height())
