"""Small database patterns shared by the domain modules."""

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session


def add_once(db: Session, row) -> bool:
    """Insert a row that a unique constraint allows only once; False if it was already there.

    The database, not a prior read, decides: so two concurrent requests cannot both insert.
    """
    try:
        with db.begin_nested():
            db.add(row)
    except IntegrityError:
        return False
    return True
