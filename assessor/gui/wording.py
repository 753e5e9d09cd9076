"""The window's words for values the services decide: what a viewer may see
of a candidate's panel (:class:`assessor.domain.Visibility`, decided by
:func:`assessor.services.panel.panel_view`)."""

from __future__ import annotations

from ..domain import Visibility

#: the sentence the window shows for each visibility ("" when nothing is withheld)
VISIBILITY_TEXT = {
    Visibility.VISIBLE: "",
    Visibility.HIDDEN_UNTIL_YOU_SUBMIT: (
        "The other interviewers' ratings and recommendations stay hidden until you submit your own "
        "assessment, so that each score is made independently."),
    Visibility.DRAFTS_NOT_SHOWN: "Drafts of other interviewers are not shown until they are submitted.",
}


def visibility_text(visibility: Visibility) -> str:
    """The window's sentence for ``visibility`` (see :data:`VISIBILITY_TEXT`)."""
    return VISIBILITY_TEXT[visibility]
