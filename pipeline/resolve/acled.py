"""ACLED event and sub-event types from an event type and its arguments."""

from __future__ import annotations


class AcledMap:
    def __init__(self, rows: list[dict[str, str]], cues: list[dict[str, str]]):
        self.rows = rows
        self.cues: dict[str, set[str]] = {}
        for cue in cues:
            self.cues.setdefault(cue["kind"], set()).add(cue["cue"].casefold())

    def holds(self, condition: str, *, actor_id: str | None, actor_text: str | None, target_text: str | None, trigger: str) -> bool:
        if condition == "default":
            return True
        cues = self.cues.get(condition, set())
        if condition == "state_actor":
            words = set((actor_text or "").casefold().split())
            return (actor_id or "").casefold() in cues or bool(words & cues)
        if condition == "civilian_target":
            return bool(set((target_text or "").casefold().split()) & cues)
        if condition == "suicide":
            return any(c in trigger.casefold() for c in cues)
        raise ValueError(f"unknown ACLED condition {condition!r} in models/events/acled.tsv")

    def types(self, event_type: str, **arguments) -> tuple[str | None, str | None]:
        for row in self.rows:
            if row["event_type"] == event_type and self.holds(row["condition"], **arguments):
                return row["acled_event_type"], row["acled_sub_event_type"]
        return None, None
