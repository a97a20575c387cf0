"""Who the decisions name: the project, and its manager, the one person appointed to run it."""

from __future__ import annotations

from domain.project.state import Project
from domain.shared.actor import Actor
from domain.shared.guards import require_recorded_actor

SUBJECT = "project"
MANAGER = "the project manager"


def require_manager(project: Project, actor: Actor, *, action: str) -> None:
    """Only the project manager, the person appointed last, sends this command, whatever roles
    they hold; nobody does while no manager is appointed."""
    require_recorded_actor(actor, project.manager_id, who=MANAGER, action=action)
