"""Read-only tables of many rows that sort without work on the GUI thread.

A :class:`SortedTableModel` shows a :class:`SortedRows`: the rows, each
column's sort key of every row, and the row orders of every (column,
direction), computed with :func:`sorted_rows` off the GUI thread (on the
database worker, :mod:`assessor.gui.ops`, beside the query that produced
the rows).  Clicking a heading then only swaps one precomputed list of row
numbers (no comparison on the GUI thread, no item per cell, no proxy
model); a cell's text is computed when the view paints it, so only the
rows in view cost anything.  At 100,000 candidates the comparison sorted
through a ``QSortFilterProxyModel`` with a Python ``lessThan`` held the
GUI thread for seconds.

Sort rule (the comparison's, since the first version): numbers as numbers,
text case-folded, and a row with no value (key ``None``) last in either
direction, so that "nobody scored this" never reads as "the worst"; rows
with equal keys keep the order they came in, in either direction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QWidget


def order_of(keys: Sequence[Any], descending: bool) -> list[int]:
    """The row numbers of ``keys`` in display order: rows with a key sorted
    by it (ascending, or descending when ``descending``; ties in their
    original order either way), then the rows whose key is ``None`` in
    their original order.  Keys of one column are of one comparable type."""
    present = [i for i, key in enumerate(keys) if key is not None]
    present.sort(key=keys.__getitem__, reverse=descending)  # list.sort is stable, reverse=True too
    present.extend(i for i, key in enumerate(keys) if key is None)
    return present


@dataclass(frozen=True)
class SortedRows:
    """Rows ready to show: ``rows`` (any objects), ``keys[column][row]``
    (each column's sort key of each row) and ``orders[(column,
    descending)]`` (the row numbers in display order, see :func:`order_of`),
    all orders when built by :func:`sorted_rows` with ``precompute``."""

    rows: list[Any] = field(default_factory=list)
    keys: list[list[Any]] = field(default_factory=list)
    orders: dict[tuple[int, bool], list[int]] = field(default_factory=dict)

    def order(self, column: int, descending: bool) -> list[int]:
        """The display order for ``column`` (precomputed, else computed now:
        only small tables, built without ``precompute``, come here)."""
        found = self.orders.get((column, descending))
        if found is None:
            found = self.orders[(column, descending)] = order_of(self.keys[column], descending)
        return found


def sorted_rows(rows: Sequence[Any], keys: Sequence[Callable[[Any], Any]], precompute: bool = True) -> SortedRows:
    """``rows`` with the sort key of each column (``keys[c](row)``: a number,
    a case-folded text or ``None``) and, when ``precompute``, the display
    order of every column in both directions.  Pure Python, no Qt: call it
    off the GUI thread (its cost grows with rows × columns × log rows)."""
    rows = list(rows)
    table = SortedRows(rows, [[key(row) for row in rows] for key in keys])
    if precompute:
        for column in range(len(keys)):
            for descending in (False, True):
                table.order(column, descending)
    return table


class SortedTableModel(QAbstractTableModel):
    """A read-only table over a :class:`SortedRows`, sorted by swapping row
    orders.  Subclasses give the columns (:meth:`columnCount`,
    :meth:`headerData`) and the cells (:meth:`cell`: the data of one role of
    one column of one row object).  :meth:`row_at` is the row object shown
    at a view row."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = SortedRows()
        self.shown: list[int] = []  # view row → row number in self.table.rows
        self.sorted_by: tuple[int, Qt.SortOrder] | None = None

    @property
    def rows(self) -> list[Any]:
        """The row objects, in the order they were given (not as shown)."""
        return self.table.rows

    def set_table(self, table: SortedRows) -> None:
        """Show ``table``, sorted as the view was sorted before."""
        self.beginResetModel()
        self.table = table
        column, order = self.sorted_by or (-1, Qt.SortOrder.AscendingOrder)
        if 0 <= column < len(table.keys):
            self.shown = table.order(column, order == Qt.SortOrder.DescendingOrder)
        else:
            self.shown = list(range(len(table.rows)))
        self.endResetModel()

    def row_at(self, view_row: int) -> Any:
        """The row object shown at ``view_row`` (0 = top)."""
        return self.table.rows[self.shown[view_row]]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008,N802
        return 0 if parent.isValid() else len(self.shown)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Qt's sort (a heading clicked, ``sortByColumn``): show the
        precomputed order of ``column``; the selection follows its rows."""
        self.sorted_by = (column, order)
        if not 0 <= column < len(self.table.keys):
            return
        new = self.table.order(column, order == Qt.SortOrder.DescendingOrder)
        if new is self.shown:
            return
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        sources = [self.shown[index.row()] for index in persistent]
        self.shown = new
        if persistent:  # a selected row or two: find them in the new order
            wanted = set(sources)
            where = {source: row for row, source in enumerate(new) if source in wanted} if len(wanted) > 8 else {
                source: new.index(source) for source in wanted}
            self.changePersistentIndexList(persistent, [self.index(where[s], index.column())
                                                        for s, index in zip(sources, persistent)])
        self.layoutChanged.emit()

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.shown):
            return None
        return self.cell(self.row_at(index.row()), index.column(), role)

    def cell(self, row: Any, column: int, role: int) -> Any:
        """The data of ``role`` for ``column`` of ``row`` (a row object);
        ``None`` for none.  Called for the cells in view only."""
        raise NotImplementedError
