"""Event rows -> incidents: which rows tell one real-world happening.

Two passes, so a million rows never meet pairwise:
1. within a document, each row (in sentence order) joins the nearest earlier group
   it fits, by sentence distance: the strike and the `cinq morts` of the same or
   next sentence, the title and the body; a toll told in its act's sentence joins
   that act first, whatever its date (the toll is dated when it was counted);
2. across documents, each document's groups with a precise date and a place are
   sorted by (province, first day) and swept: a group only meets the open incidents
   of its province whose days are still within the window.

A row or group fits another when nothing contradicts one happening: the acts agree
(outcomes join any act), dates touch and stay within a short span, places are the
same or nested, the actors of acts (of one outcome type) are the same or nested parties
(an outlet names the police, another its ministry), and targets named in one role differ
only if no target of any role agrees (the dead of a strike are usually what it hit, so one
outlet's target of the strike and another's dead confirm each other). Every
choice has a fixed tie-break, so the grouping does not depend on input order
beyond the (document, sentence) order itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from itertools import groupby

COUNTRY, PROVINCE, SITE = 0, 1, 2


@dataclass(frozen=True)
class Place:
    """A place entity with where it sits: a country holds its places, a province its admin1's."""

    id: str
    country: str | None = None
    admin1: str | None = None
    level: int = SITE

    def holds(self, other: "Place") -> bool:
        if self.id == other.id:
            return True
        if self.level == COUNTRY:
            return bool(self.country) and self.country == other.country and other.level > COUNTRY
        if self.level == PROVINCE:
            return bool(self.admin1) and (self.country, self.admin1) == (other.country, other.admin1) and other.level == SITE
        return False

    def fits(self, other: "Place") -> bool:
        return self.holds(other) or other.holds(self)


@dataclass(frozen=True)
class Rules:
    """Type roles, act agreement, date windows and nested parties (models/incidents/*.tsv)."""

    role: dict[str, str]
    rank: dict[str, int]
    joins: frozenset[tuple[str, str]]
    adjacent: int
    span: int
    precise: int
    part_of: dict[str, str]

    @classmethod
    def from_rows(cls, types: list[dict[str, str]], windows: list[dict[str, str]], parties: list[dict[str, str]]) -> "Rules":
        joins = {(row["event_type"], other) for row in types for other in row["joins"].split()}
        days = {row["name"]: int(row["days"]) for row in windows}
        return cls(
            role={row["event_type"]: row["role"] for row in types},
            rank={row["event_type"]: int(row["rank"]) for row in types},
            joins=frozenset(joins | {(b, a) for a, b in joins}),
            adjacent=days["adjacent"],
            span=days["span"],
            precise=days["precise"],
            part_of={row["entity_id"]: row["part_of"] for row in parties},
        )

    def is_act(self, event_type: str) -> bool:
        return self.role.get(event_type, "act") == "act"

    def acts_agree(self, a: str, b: str) -> bool:
        return a == b or (a, b) in self.joins

    def above(self, party: str) -> set[str]:
        """The party and every party that holds it (a force, its ministry, its government)."""
        chain = {party}
        while party in self.part_of and self.part_of[party] not in chain:
            party = self.part_of[party]
            chain.add(party)
        return chain

    def nested(self, a: str, b: str) -> bool:
        return a in self.above(b) or b in self.above(a)

    def agree(self, a: dict[str, str], b: dict[str, str]) -> bool:
        """Parties named in the same role are the same or nested."""
        return all(self.nested(a[key], value) for key, value in b.items() if key in a)

    def share(self, a: dict[str, set[str]], b: dict[str, set[str]]) -> bool:
        """No role with targets on both sides, or some party of one is (or nests) one of the other."""
        if not a.keys() & b.keys():
            return True
        return any(self.nested(x, y) for x in set().union(*a.values()) for y in set().union(*b.values()))


@dataclass(frozen=True)
class Report:
    """What the grouping reads of one events row; days are date ordinals (None: undated)."""

    doc: str
    sent: int
    event_type: str
    first_day: int | None = None
    last_day: int | None = None
    place: Place | None = None
    actor: str | None = None
    target: str | None = None


@dataclass
class Group:
    """Rows told as one happening, with what they say together."""

    rows: list[int]
    first: tuple[str, int]
    sents: set[int]
    acts: set[str]
    places: dict[str, Place]
    actors: dict[str, str] = field(default_factory=dict)
    targets: dict[str, set[str]] = field(default_factory=dict)
    days: tuple[int, int] | None = None
    vague: tuple[int, int] | None = None

    @classmethod
    def of(cls, index: int, report: Report, rules: Rules) -> "Group":
        act = rules.is_act(report.event_type)
        role = "act" if act else report.event_type
        group = cls([index], (report.doc, report.sent), {report.sent}, {report.event_type} if act else set(), {report.place.id: report.place} if report.place else {})
        if report.actor:
            group.actors[role] = report.actor
        if report.target:
            group.targets[role] = {report.target}
        if report.first_day is not None and report.last_day is not None:
            span = (report.first_day, report.last_day)
            if span[1] - span[0] < rules.precise:
                group.days = span
            else:
                group.vague = span
        return group

    def fits(self, other: "Group", rules: Rules) -> bool:
        return (
            all(p.fits(q) for p in self.places.values() for q in other.places.values())
            and all(rules.acts_agree(a, b) for a in self.acts for b in other.acts)
            and rules.agree(self.actors, other.actors)
            and rules.share(self.targets, other.targets)
            and self.days_fit(other, rules)
        )

    def days_fit(self, other: "Group", rules: Rules) -> bool:
        if self.days and other.days:
            first, last = min(self.days[0], other.days[0]), max(self.days[1], other.days[1])
            if gap(self.days, other.days) > rules.adjacent or last - first >= rules.span:
                return False
        pairs = ((self.vague, other.days), (self.vague, other.vague), (self.days, other.vague))
        return all(gap(a, b) <= rules.adjacent for a, b in pairs if a and b)

    def absorb(self, other: "Group") -> None:
        self.rows += other.rows
        self.first = min(self.first, other.first)
        self.sents |= other.sents
        self.acts |= other.acts
        self.places.update(other.places)
        self.actors.update(other.actors)
        for role, parties in other.targets.items():
            self.targets[role] = self.targets.get(role, set()) | parties
        if other.days:
            self.days = (min(self.days[0], other.days[0]), max(self.days[1], other.days[1])) if self.days else other.days
        if other.vague:
            self.vague = (max(self.vague[0], other.vague[0]), min(self.vague[1], other.vague[1])) if self.vague else other.vague

    def block(self) -> tuple[str, str]:
        """The province (or country) its most specific place lies in: where other reports may be."""
        place = max(self.places.values(), key=lambda p: (p.level, p.id))
        return (place.country, place.admin1 or "") if place.country else ("", place.id)


def gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Days between two inclusive spans; 0 or less when they overlap."""
    return max(b[0] - a[1], a[0] - b[1])


def group_reports(reports: list[Report], rules: Rules) -> list[int]:
    """The incident number of each report (input order); incidents numbered by their first row."""
    order = sorted(range(len(reports)), key=lambda i: (reports[i].doc, reports[i].sent, i))
    local: list[Group] = []
    for _, rows in groupby(order, key=lambda i: reports[i].doc):
        local += within_document([(i, reports[i]) for i in rows], rules)
    groups = across_documents(local, rules)
    position = {row: k for k, row in enumerate(order)}
    groups.sort(key=lambda g: min(position[r] for r in g.rows))
    labels = [0] * len(reports)
    for number, group in enumerate(groups):
        for row in group.rows:
            labels[row] = number
    return labels


def within_document(rows: list[tuple[int, Report]], rules: Rules) -> list[Group]:
    """Each row joins the group it fits whose sentences are nearest (the earliest on a tie).

    An outcome first joins the act of its own sentence (`tied_act`): the sentence ties them, so
    the acts of a sentence are placed before its outcomes (`l'un a été abattu, l'autre s'est fait
    exploser`: the death belongs to the explosion told after it).
    """
    groups: list[Group] = []
    for index, report in sorted(rows, key=lambda row: (row[1].sent, not rules.is_act(row[1].event_type))):
        tied = None if rules.is_act(report.event_type) else tied_act(index, report, groups, rules)
        if tied:
            groups[tied[1]].absorb(tied[0])
            continue
        single = Group.of(index, report, rules)
        fitting = [(min(abs(report.sent - s) for s in g.sents), k) for k, g in enumerate(groups) if g.fits(single, rules)]
        if fitting:
            groups[min(fitting)[1]].absorb(single)
        else:
            groups.append(single)
    return groups


def tied_act(index: int, report: Report, groups: list[Group], rules: Rules) -> tuple[Group, int] | None:
    """The outcome as a group and the earliest group of its sentence holding an act it fits, if any.

    It fits with its date, else without: a toll told in its act's sentence is dated when it was
    counted (`l'attaque du 20 janvier a fait 373 morts` reported ten days on), the act when it happened.
    """
    for single in (Group.of(index, report, rules), Group.of(index, replace(report, first_day=None, last_day=None), rules)):
        for k, group in enumerate(groups):
            if report.sent in group.sents and group.acts and group.fits(single, rules):
                return single, k
    return None


def across_documents(groups: list[Group], rules: Rules) -> list[Group]:
    """Sweep each province by date; a group joins the open incident it fits best, or opens one.

    Best: one sharing a place, then the nearest days, then the earliest opened. Groups without
    a precise date or a place stay as they are: nothing places them beside another report.
    """
    placed = sorted((g for g in groups if g.days and g.places), key=lambda g: (g.block(), g.days[0], g.first))
    incidents = [g for g in groups if not (g.days and g.places)]
    for _, block in groupby(placed, key=Group.block):
        open_: list[Group] = []
        for group in block:
            open_ = [i for i in open_ if i.days[1] + rules.adjacent >= group.days[0]]
            fitting = [(not set(i.places) & set(group.places), gap(i.days, group.days), k) for k, i in enumerate(open_) if i.fits(group, rules)]
            if fitting:
                open_[min(fitting)[2]].absorb(group)
            else:
                open_.append(group)
                incidents.append(group)
    return incidents
