"""Achievement of action-plan (RAN/RAD PP-TPPO) targets and how it rolls up.

Framework-free on purpose (no frappe import): reports, dashboards and the matrix import call these functions
with plain values, and tests run them with plain pytest.

Vocabulary
	- An *item* is one activity of the plan, measured by an indicator with a measure type.
	- A *target* is what the plan asks for in a year (or period); *realised* is what a region reported.
	- *Achievement* is realised as a percentage of the target. Computations keep full float precision;
	  round only for display (`round_display`).

Roll-up rules (the standard in RAN monitoring)
	- The achievement of a group (cluster, plan, district, province, nation) is the unweighted mean of the
	  achievements of its *reported* items; items without a realised value are counted but do not pull the
	  mean down. A group where nothing was reported has no achievement (None), not 0.
	- Every level is computed from the underlying item rows, never as a mean of its children's means, so a
	  province with one big district and one small one is not skewed towards the small one.
"""

import math
from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from numbers import Real
from typing import Any

COUNT = "Count"
PERCENTAGE = "Percentage"
YES_NO = "Yes/No"
AMOUNT = "Amount (IDR)"

MEASURE_TYPES = (COUNT, PERCENTAGE, YES_NO, AMOUNT)


def achievement_percent(measure_type: str, target: float | None, realised: float | None) -> float | None:
	"""Return realised as a percentage of target, or None when it cannot be scored.

	- Count, Percentage, Amount (IDR): realised / target x 100, NOT capped: over-achievement shows as
	  e.g. 125.0.
	- Yes/No: target and realised are 1 (yes) or 0 (no). Target 1: 100.0 when realised is 1, else 0.0.
	  Target 0 (nothing required): 100.0.
	- Target 0 for Count, Percentage or Amount: nothing was required, so any reported value (>= 0) is
	  100.0 — the region did everything that was asked.
	- Realised None (not reported): None, whatever the target.
	- Target None (no target set for the period): None; the item cannot be scored.

	Raises ValueError for an unknown measure type, a negative or non-numeric (or NaN/infinite) target or
	realised value, and a Yes/No value other than 0 or 1.
	"""
	_check_measure_type(measure_type)
	target = _number(target, "target")
	realised = _number(realised, "realised")
	if measure_type == YES_NO:
		_check_yes_no(target, "target")
		_check_yes_no(realised, "realised")

	if realised is None or target is None:
		return None
	if measure_type == YES_NO:
		if target == 0:
			return 100.0
		return 100.0 if realised == 1 else 0.0
	if target == 0:
		return 100.0
	return realised * 100 / target


def sum_values(measure_type: str, values: Iterable[float | None]) -> float | None:
	"""Combine realised (or target) values of ONE item across regions or periods, e.g. districts -> province.

	- Count and Amount (IDR): the sum.
	- Percentage: the unweighted mean (a rate cannot be added up).
	- Yes/No: 1.0 when every value is 1, else 0.0 (a province "has" something only when all its districts
	  reporting on it have it).

	None values (not reported) are left out: the result covers what was reported. When nothing was reported
	(all None, or no values) the result is None. Raises ValueError like `achievement_percent` for an unknown
	measure type, negative or non-numeric values and Yes/No values other than 0 or 1.
	"""
	_check_measure_type(measure_type)
	reported = [number for value in values if (number := _number(value, "value")) is not None]
	if measure_type == YES_NO:
		for value in reported:
			_check_yes_no(value, "value")
	if not reported:
		return None
	if measure_type == YES_NO:
		return 1.0 if all(value == 1 for value in reported) else 0.0
	if measure_type == PERCENTAGE:
		return math.fsum(reported) / len(reported)
	return math.fsum(reported)


def round_display(value: float | None, places: int = 2) -> float | None:
	"""Round a percentage for display, half up (2.675 -> 2.68); None stays None. Never round before computing."""
	if value is None:
		return None
	quantum = Decimal(1).scaleb(-places)
	return float(Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Totals:
	"""Achievement totals of a group of item rows."""

	items: int
	"""Number of item rows in the group."""
	reported: int
	"""Number of those rows with an achievement (realised value reported and a target to score it against)."""
	achievement: float | None
	"""Unweighted mean achievement of the reported rows; None when none was reported."""

	@property
	def not_reported(self) -> int:
		return self.items - self.reported


def rollup(rows: Iterable[Any], key: str | Sequence[str]) -> dict[Hashable, Totals]:
	"""Group item rows by `key` and total each group.

	`rows` are mappings (dicts, frappe._dict) or objects with an `achievement` (float or None) and the
	grouping field(s). `key` is one field name, giving groups keyed by that field's value, or a sequence of
	names, giving groups keyed by a tuple of values. Groups come in the order they first appear in `rows`.

	Each group has the number of items, the number reported (achievement not None) and the unweighted mean
	achievement of the reported items (None when none reported). A row missing a field raises KeyError
	(mappings) or AttributeError (objects).
	"""
	names = (key,) if isinstance(key, str) else tuple(key)
	groups: dict[Hashable, list[float | None]] = {}
	for row in rows:
		values = tuple(_field(row, name) for name in names)
		group = values[0] if isinstance(key, str) else values
		groups.setdefault(group, []).append(_achievement(row))
	return {group: _totals(achievements) for group, achievements in groups.items()}


@dataclass
class RollupNode:
	"""One level of a roll-up tree; the root (level None, key None) is the whole plan or the nation."""

	level: str | None
	"""Name of the field this node groups by (e.g. "province"); None for the root."""
	key: Hashable
	"""Value of that field for this node (e.g. the province id); None for the root."""
	path: tuple
	"""Keys from the root down to this node, e.g. ("Jawa Timur", "Kab. Malang"); () for the root."""
	items: int
	reported: int
	achievement: float | None
	children: list["RollupNode"] = field(default_factory=list)

	@property
	def depth(self) -> int:
		"""0 for the root, 1 for the first level, ... (usable as the `indent` of a tree report row)."""
		return len(self.path)

	@property
	def not_reported(self) -> int:
		return self.items - self.reported

	def walk(self) -> Iterator["RollupNode"]:
		"""This node and all nodes below it, parents before children (the order a tree report lists them)."""
		yield self
		for child in self.children:
			yield from child.walk()


def rollup_tree(rows: Iterable[Any], levels: list[str]) -> RollupNode:
	"""Roll item rows up a hierarchy, e.g. levels ["cluster", "item"] or ["province", "district"].

	Returns the root node (totals of all rows) whose children group by levels[0], their children by
	levels[1], and so on; siblings come in the order they first appear in `rows`.

	Every node's numbers are computed from the underlying item rows, NOT from its children's numbers: a
	node's `items` and `reported` therefore equal the sums of its children's, and its `achievement` is the
	mean over all its reported item rows (not a mean of the children's means). Rows are read as by `rollup`.
	"""
	rows = list(rows)
	levels = list(levels)
	return _build_node(rows, levels, level=None, key=None, path=())


def _build_node(
	rows: list[Any], levels: list[str], level: str | None, key: Hashable, path: tuple
) -> RollupNode:
	totals = _totals([_achievement(row) for row in rows])
	node = RollupNode(
		level=level,
		key=key,
		path=path,
		items=totals.items,
		reported=totals.reported,
		achievement=totals.achievement,
	)
	if levels:
		name, rest = levels[0], levels[1:]
		groups: dict[Hashable, list[Any]] = {}
		for row in rows:
			groups.setdefault(_field(row, name), []).append(row)
		node.children = [
			_build_node(group_rows, rest, level=name, key=value, path=(*path, value))
			for value, group_rows in groups.items()
		]
	return node


def _totals(achievements: list[float | None]) -> Totals:
	reported = [value for value in achievements if value is not None]
	mean = math.fsum(reported) / len(reported) if reported else None
	return Totals(items=len(achievements), reported=len(reported), achievement=mean)


def _field(row: Any, name: str) -> Any:
	if isinstance(row, Mapping):
		return row[name]
	return getattr(row, name)


def _achievement(row: Any) -> float | None:
	value = _field(row, "achievement")
	if value is None:
		return None
	if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value):
		raise ValueError(f"achievement must be a number or None, not {value!r}")
	return float(value)


def _check_measure_type(measure_type: str) -> None:
	if measure_type not in MEASURE_TYPES:
		raise ValueError(f"Unknown measure type {measure_type!r}; expected one of {', '.join(MEASURE_TYPES)}")


def _number(value: Any, what: str) -> float | None:
	"""None stays None; a real number becomes a float; anything else, NaN, infinity or < 0 -> ValueError."""
	if value is None:
		return None
	if not isinstance(value, Real | Decimal) or not math.isfinite(value):
		raise ValueError(f"{what} must be a number, not {value!r}")
	if value < 0:
		raise ValueError(f"{what} must not be negative, got {value!r}")
	return float(value)


def _check_yes_no(value: float | None, what: str) -> None:
	if value is not None and value not in (0, 1):
		raise ValueError(f"A Yes/No {what} must be 1 (yes) or 0 (no), got {value!r}")
