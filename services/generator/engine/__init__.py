"""The programming engine: pure, deterministic session planning from client state and a library.

No I/O, no clock, no global randomness: time, ids and seeds come in as arguments.
"""

from .assembly import assemble_session
from .candidates import PlanContext, allowed_candidates, check_plan
from .history import History, LoggedSet, PastSession, PlannedItem, RoadmapPosition
from .inputs import ClientState, GoalPriority, Injury, Methodology, PainFlag, Today
from .plan import ENGINE_VERSION, Item, SessionPlan
from .roadmap import Roadmap, adjust_roadmap, build_roadmap
from .safety import Referral

__all__ = [
    "ENGINE_VERSION", "ClientState", "GoalPriority", "History", "Injury", "Item", "LoggedSet",
    "Methodology", "PainFlag", "PastSession", "PlanContext", "PlannedItem", "Referral",
    "Roadmap", "RoadmapPosition", "SessionPlan", "Today", "adjust_roadmap", "allowed_candidates",
    "assemble_session", "build_roadmap", "check_plan",
]
