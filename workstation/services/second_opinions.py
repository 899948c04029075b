"""Second-opinion notes: a supervisor's view on a control, beside (not instead of) the
review. Recorded with an audit event, shown in the dossier and exported with the results
(``workstation.services.results``)."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from workstation.db.models import SecondOpinion, User, utcnow
from workstation.db.text import column_text_problem
from workstation.domain.vocab import ControlStatus
from workstation.services import audit, controls, users

# A note needs a result to speak about; an open control is still the officer's.
NOTED_STATES = (ControlStatus.RESULTED, ControlStatus.CLOSED, ControlStatus.APPROVED,
                ControlStatus.RETURNED)


class SecondOpinionError(Exception):
    """A note was refused; the message says why."""


def add_note(session: Session, control_id: str | uuid.UUID, supervisor: User,
             text: str) -> SecondOpinion:
    """Record ``supervisor``'s second-opinion note on a control that has a result (the
    supervisor role; not empty)."""
    try:
        users.authorize(supervisor, "controls.review")
        control = controls.get_control(session, control_id)
    except (users.UserError, controls.ControlError) as exc:
        raise SecondOpinionError(str(exc)) from None
    text = text.strip()
    if not text:
        raise SecondOpinionError("the second-opinion note is empty: write what you think")
    wrong = column_text_problem(SecondOpinion.text, text)
    if wrong:
        raise SecondOpinionError(f"second-opinion note {wrong}")
    if control.status not in NOTED_STATES:
        raise SecondOpinionError(f"control {control.id} is {control.status}: a second opinion "
                                 "needs a recorded result")
    note = SecondOpinion(id=uuid.uuid4(), control_id=control.id, author_id=supervisor.id,
                         written_at=utcnow(), text=text)
    session.add(note)
    audit.record(session, supervisor.username, "control.second_opinion", "control", control.id,
                 {"note_id": str(note.id), "comment": text}, state=note)
    return note


def notes_of(session: Session, control_id: uuid.UUID) -> list[SecondOpinion]:
    """The control's notes, oldest first."""
    return list(session.scalars(select(SecondOpinion)
                                .where(SecondOpinion.control_id == control_id)
                                .order_by(SecondOpinion.written_at, SecondOpinion.id)))
