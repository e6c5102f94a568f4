"""Typed access to a capability's reads on a unit of work, as flows get them through ``ctx``."""

from __future__ import annotations

from typing import cast

from flows.information import InformationQueries
from flows.officers import OfficerQueries
from flows.welcome import WelcomeQueries
from storage.unit_of_work import SqlUnitOfWork

__all__ = ["information_queries_of", "officer_queries_of", "welcome_queries_of"]


def officer_queries_of(uow: SqlUnitOfWork) -> OfficerQueries:
    """The officers capability's reads in this unit of work."""
    return cast(OfficerQueries, uow.queries.of("officers"))


def information_queries_of(uow: SqlUnitOfWork) -> InformationQueries:
    """The information capability's reads in this unit of work."""
    return cast(InformationQueries, uow.queries.of("information"))


def welcome_queries_of(uow: SqlUnitOfWork) -> WelcomeQueries:
    """The welcome capability's reads (the village directory) in this unit of work."""
    return cast(WelcomeQueries, uow.queries.of("welcome"))
