"""The :class:`~assessor.store.Store` method of amendments: a visible
correction of a submitted assessment, made with its audit entry in one
transaction.
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import Connection, insert, select, update

from ..domain import Amendment, AuditEntry, FlagState, Recommendation, Response
from .audit_chain import append_audit
from .mapping import amendment_values, response_of
from .mapping import audit_values as _audit_values
from .mapping import response_values as _response_values
from .models import AmendmentRow, AssessmentRow, ResponseRow


class AmendmentsMixin:
    """Amendments in the store; uses the store's ``_write``."""

    def add_amendment(self, assessment_id: int, amendment: Amendment, audit: AuditEntry | None = None) -> int:
        """Record ``amendment`` of a submitted assessment and make its
        change (the response field or the assessment field), with its
        ``audit`` entry, in one transaction; returns the amendment's id.
        The assessment's and response's versions are bumped, so a window
        still showing the old value gets a conflict, not a silent loss.
        Raises :class:`StoreError` when the database refuses."""

        def work(conn: Connection) -> int:
            if amendment.item_id is None:
                value = amendment.new
                value = value.value if isinstance(value, Recommendation) else (value if value is not None else "")
                if amendment.field == "recommendation" and value == "":
                    value = None
                conn.execute(update(AssessmentRow).where(AssessmentRow.id == assessment_id).values(
                    **{amendment.field: value}, version=AssessmentRow.version + 1))
            else:
                current = conn.execute(select(ResponseRow).where(
                    ResponseRow.assessment_id == assessment_id, ResponseRow.item_id == amendment.item_id)).first()
                response = Response(item_id=amendment.item_id) if current is None else response_of(current)
                new = amendment.new
                if amendment.field == "flag_state" and new is not None:
                    new = FlagState(new)
                if amendment.field == "notes" and new is None:
                    new = ""
                conn.execute(self._upsert, _response_values(assessment_id, replace(response, **{amendment.field: new})))
            amendment_id = conn.execute(insert(AmendmentRow).returning(AmendmentRow.id),
                                        amendment_values(assessment_id, replace(amendment, author=amendment.author[:200]))).scalar_one()
            if audit is not None:
                append_audit(conn, _audit_values(audit))
            return amendment_id

        return self._write(work, "save the amendment")
