"""The search page's sidebar, made from the facet registry: one section per facet, in order.

Every facet of the registry gets a section. By default it is a list of its values, the most
frequent first, each a link that adds or drops it; ``SHOWN`` names the facets shown another way
(years with their months below them, units as their hierarchy) and the order the sidebar
begins with. A facet added to the registry appears after those as a list, with nothing to write here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from indexer.facet_registry import FACET_LIST, FacetSpec
from search_app.unit_tree import UnitNode, unit_tree
from search_app.web.presenters import FacetLink, facet_links
from search_app.web.urls import QueryString

FOLDED_AFTER = 12  # values shown before the rest fold under 更多


@dataclass
class Section:
    """One facet's part of the sidebar, as its template (``template``) shows it."""

    name: str  # the facet, and the section's data-facet
    heading: str
    template: str
    links: list[FacetLink] = field(default_factory=list)
    below: dict[str, list[FacetLink]] = field(default_factory=dict)  # a year's months
    tree: list[UnitNode] = field(default_factory=list)
    names: list[str] = field(default_factory=list)  # every value listed, for the find box

    @property
    def shown(self) -> list[FacetLink]:
        return self.links[:FOLDED_AFTER]

    @property
    def folded(self) -> list[FacetLink]:
        return self.links[FOLDED_AFTER:]


@dataclass(frozen=True)
class ValueList:
    """A facet's values as links, the most frequent first (active ones stay visible as chips whatever
    their rank, so a long list is cut at ``limit``)."""

    name: str
    limit: int | None = None
    heading: str | None = None  # the facet's title unless given
    template = "_facet_list.tpl"

    @property
    def covers(self) -> tuple[str, ...]:
        return (self.name,)

    def section(self, facets: dict, links: QueryString, title: str) -> Section | None:
        linked = facet_links(self.name, facets.get(self.name, [])[: self.limit], links)
        return Section(self.name, self.heading or title, self.template, linked) if linked else None


@dataclass(frozen=True)
class YearsWithMonths(ValueList):
    """Years, newest first, each with its months folded below it."""

    months: str = "month"
    template = "_facet_years.tpl"

    @property
    def covers(self) -> tuple[str, ...]:
        return (self.name, self.months)

    def section(self, facets: dict, links: QueryString, title: str) -> Section | None:
        found = super().section(facets, links, title)
        if found is not None:
            found.below = months_by_year(facet_links(self.months, facets.get(self.months, []), links))
        return found


@dataclass(frozen=True)
class UnitHierarchy(ValueList):
    """Units as their hierarchy (a district's streets below it), with a box to find one by name."""

    template = "_facet_units.tpl"

    def section(self, facets: dict, links: QueryString, title: str) -> Section | None:
        counted = facets.get(self.name, [])[: self.limit]
        tree = unit_tree(counted)
        if not tree:
            return None
        names = [item["value"] for item in counted]
        return Section(self.name, self.heading or title, self.template, tree=tree, names=names)


# The facets shown otherwise than as a plain list, and those the sidebar begins with, in order.
SHOWN: tuple[ValueList, ...] = (
    ValueList("kind"),
    ValueList("type"),
    YearsWithMonths("year", heading="时间", months="month"),
    UnitHierarchy("unit", limit=300),
    ValueList("official", limit=100),
)


def months_by_year(months: list[FacetLink]) -> dict[str, list[FacetLink]]:
    grouped: dict[str, list[FacetLink]] = {}
    for month in months:
        grouped.setdefault(month.value[:4], []).append(month)
    return grouped


def sections_for(registry: Iterable[FacetSpec]) -> list[tuple[ValueList, str]]:
    """(how it is shown, its title) for every facet of the registry, in sidebar order."""
    titles = {facet.name: facet.title for facet in registry}
    ways = [way for way in SHOWN if way.name in titles]
    covered = {name for way in ways for name in way.covers}
    ways += [ValueList(name) for name in titles if name not in covered]
    return [(way, titles[way.name]) for way in ways]


def sidebar(facets: dict, links: QueryString, registry: Iterable[FacetSpec] = FACET_LIST) -> list[Section]:
    """The sections of the sidebar that have values to show."""
    found = (way.section(facets, links, title) for way, title in sections_for(registry))
    return [section for section in found if section is not None]
