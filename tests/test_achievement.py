"""Achievement %, roll-ups and combining realised values (tppo_app.action_plan.achievement)."""

import math
from types import SimpleNamespace

import pytest

from tppo_app.action_plan.achievement import (
	AMOUNT,
	COUNT,
	MEASURE_TYPES,
	PERCENTAGE,
	YES_NO,
	achievement_percent,
	rollup,
	rollup_tree,
	round_display,
	sum_values,
)

NUMERIC_TYPES = (COUNT, PERCENTAGE, AMOUNT)


def test_measure_types_are_the_four_of_the_plan():
	assert MEASURE_TYPES == ("Count", "Percentage", "Yes/No", "Amount (IDR)")


@pytest.mark.parametrize(
	"measure_type, target, realised, expected",
	[
		(COUNT, 20, 15, 75.0),
		(COUNT, 20, 20, 100.0),
		(COUNT, 20, 0, 0.0),
		(PERCENTAGE, 80, 60, 75.0),
		(PERCENTAGE, 50.0, 12.5, 25.0),
		(AMOUNT, 2_000_000_000, 1_500_000_000, 75.0),
	],
)
def test_numeric_achievement_is_realised_over_target(measure_type, target, realised, expected):
	assert achievement_percent(measure_type, target, realised) == expected


@pytest.mark.parametrize("measure_type", NUMERIC_TYPES)
def test_over_achievement_is_not_capped(measure_type):
	assert achievement_percent(measure_type, 20, 25) == 125.0


def test_full_precision_is_kept_and_rounding_is_for_display_only():
	value = achievement_percent(COUNT, 3, 1)
	assert value == pytest.approx(33.333333333333336)
	assert value != 33.33
	assert round_display(value) == 33.33
	assert round_display(2.675) == 2.68  # half up, not float/banker's rounding
	assert round_display(None) is None


@pytest.mark.parametrize("measure_type", NUMERIC_TYPES)
@pytest.mark.parametrize("realised", [0, 7])
def test_zero_target_means_nothing_was_required_so_any_report_is_100(measure_type, realised):
	assert achievement_percent(measure_type, 0, realised) == 100.0


@pytest.mark.parametrize("measure_type", MEASURE_TYPES)
@pytest.mark.parametrize("target", [None, 0, 1])
def test_not_reported_has_no_achievement(measure_type, target):
	assert achievement_percent(measure_type, target, None) is None


@pytest.mark.parametrize("measure_type", MEASURE_TYPES)
def test_no_target_cannot_be_scored(measure_type):
	assert achievement_percent(measure_type, None, 1) is None


@pytest.mark.parametrize(
	"target, realised, expected",
	[(1, 1, 100.0), (1, 0, 0.0), (0, 0, 100.0), (0, 1, 100.0), (True, True, 100.0), (1.0, 0.0, 0.0)],
)
def test_yes_no_achievement(target, realised, expected):
	assert achievement_percent(YES_NO, target, realised) == expected


@pytest.mark.parametrize("target, realised", [(1, 2), (2, 1), (1, 0.5), (0.5, None), (1, -1)])
def test_yes_no_values_other_than_0_or_1_are_rejected(target, realised):
	with pytest.raises(ValueError):
		achievement_percent(YES_NO, target, realised)


@pytest.mark.parametrize("measure_type", NUMERIC_TYPES)
@pytest.mark.parametrize("target, realised", [(-1, 5), (10, -5), (-10, None), (None, -1)])
def test_negative_values_are_rejected(measure_type, target, realised):
	with pytest.raises(ValueError):
		achievement_percent(measure_type, target, realised)


@pytest.mark.parametrize("target, realised", [("10", 5), (10, "5"), (math.nan, 5), (10, math.inf)])
def test_non_numbers_are_rejected(target, realised):
	with pytest.raises(ValueError):
		achievement_percent(COUNT, target, realised)


@pytest.mark.parametrize("measure_type", ["Jumlah", "count", "", None])
def test_unknown_measure_type_is_rejected(measure_type):
	with pytest.raises(ValueError, match="measure type"):
		achievement_percent(measure_type, 10, 5)


def test_rollup_is_the_mean_of_reported_items_only():
	rows = [
		{"cluster": "Pencegahan", "achievement": 100.0},
		{"cluster": "Pencegahan", "achievement": 50.0},
		{"cluster": "Pencegahan", "achievement": None},
		{"cluster": "Penegakan Hukum", "achievement": None},
		{"cluster": "Rehabilitasi", "achievement": 125.0},
	]
	totals = rollup(rows, "cluster")

	assert list(totals) == ["Pencegahan", "Penegakan Hukum", "Rehabilitasi"]
	assert (totals["Pencegahan"].items, totals["Pencegahan"].reported) == (3, 2)
	assert totals["Pencegahan"].not_reported == 1
	assert totals["Pencegahan"].achievement == 75.0  # unreported item does not count as 0
	assert (totals["Penegakan Hukum"].items, totals["Penegakan Hukum"].reported) == (1, 0)
	assert totals["Penegakan Hukum"].achievement is None  # nothing reported is not 0 %
	assert totals["Rehabilitasi"].achievement == 125.0


def test_rollup_by_several_keys_and_from_objects():
	rows = [
		SimpleNamespace(province="Jawa Timur", year=2025, achievement=80.0),
		SimpleNamespace(province="Jawa Timur", year=2025, achievement=40.0),
		SimpleNamespace(province="Jawa Timur", year=2026, achievement=None),
	]
	totals = rollup(rows, ["province", "year"])

	assert totals[("Jawa Timur", 2025)].achievement == pytest.approx(60.0)
	assert totals[("Jawa Timur", 2026)].reported == 0


def test_rollup_of_a_row_without_the_key_fails_loudly():
	with pytest.raises(KeyError):
		rollup([{"achievement": 50.0}], "province")


def _district_rows():
	"""Item achievements per district: Jawa Timur has a big district (3 items) and a small one (1 item)."""
	rows = []
	for province, district, achievements in [
		("Jawa Timur", "Kab. Malang", [100.0, 100.0, 100.0]),
		("Jawa Timur", "Kota Surabaya", [0.0]),
		("NTT", "Kab. Kupang", [50.0, None]),
		("NTT", "Kota Kupang", [None]),
	]:
		rows += [{"province": province, "district": district, "achievement": value} for value in achievements]
	return rows


def test_rollup_tree_parents_equal_the_sum_of_their_children():
	root = rollup_tree(_district_rows(), ["province", "district"])

	for node in root.walk():
		if node.children:
			assert node.items == sum(child.items for child in node.children)
			assert node.reported == sum(child.reported for child in node.children)
	assert (root.items, root.reported) == (7, 5)
	assert [child.key for child in root.children] == ["Jawa Timur", "NTT"]


def test_rollup_tree_parents_are_computed_from_items_not_means_of_means():
	root = rollup_tree(_district_rows(), ["province", "district"])
	east_java = root.children[0]

	assert [child.achievement for child in east_java.children] == [100.0, 0.0]
	assert east_java.achievement == 75.0  # 300 / 4 items, not (100 + 0) / 2
	assert root.achievement == 70.0  # (300 + 0 + 50) / 5 reported items
	ntt = root.children[1]
	assert ntt.children[1].achievement is None  # Kota Kupang reported nothing
	assert ntt.achievement == 50.0


def test_rollup_tree_walks_like_a_tree_report():
	root = rollup_tree(_district_rows(), ["province", "district"])

	assert [(node.depth, node.level, node.key) for node in root.walk()] == [
		(0, None, None),
		(1, "province", "Jawa Timur"),
		(2, "district", "Kab. Malang"),
		(2, "district", "Kota Surabaya"),
		(1, "province", "NTT"),
		(2, "district", "Kab. Kupang"),
		(2, "district", "Kota Kupang"),
	]
	assert root.children[1].children[0].path == ("NTT", "Kab. Kupang")


def test_rollup_tree_by_cluster_and_item():
	rows = [
		{"cluster": "Pencegahan", "item": "Sosialisasi", "achievement": 80.0},
		{"cluster": "Pencegahan", "item": "Sosialisasi", "achievement": 100.0},
		{"cluster": "Pencegahan", "item": "Pelatihan", "achievement": 30.0},
	]
	root = rollup_tree(rows, ["cluster", "item"])
	cluster = root.children[0]

	assert [(item.key, item.items, item.achievement) for item in cluster.children] == [
		("Sosialisasi", 2, 90.0),
		("Pelatihan", 1, 30.0),
	]
	assert cluster.achievement == pytest.approx(70.0)


def test_rollup_of_nothing_is_empty():
	assert rollup([], "cluster") == {}
	root = rollup_tree([], ["cluster"])
	assert (root.items, root.reported, root.achievement, root.children) == (0, 0, None, [])


@pytest.mark.parametrize("measure_type", [COUNT, AMOUNT])
def test_counts_and_amounts_add_up_across_districts(measure_type):
	assert sum_values(measure_type, [10, 5, 0, None]) == 15.0


def test_percentages_are_averaged_across_districts():
	assert sum_values(PERCENTAGE, [80, 60, None]) == 70.0


@pytest.mark.parametrize("values, expected", [([1, 1, None], 1.0), ([1, 0, 1], 0.0), ([0], 0.0)])
def test_yes_no_is_yes_only_when_every_district_says_yes(values, expected):
	assert sum_values(YES_NO, values) == expected


@pytest.mark.parametrize("measure_type", MEASURE_TYPES)
@pytest.mark.parametrize("values", [[], [None, None]])
def test_combining_nothing_reported_gives_none(measure_type, values):
	assert sum_values(measure_type, values) is None


@pytest.mark.parametrize(
	"measure_type, values",
	[(COUNT, [5, -1]), (AMOUNT, ["100"]), (YES_NO, [1, 2]), (PERCENTAGE, [math.nan]), ("Jumlah", [1])],
)
def test_combining_invalid_values_is_rejected(measure_type, values):
	with pytest.raises(ValueError):
		sum_values(measure_type, values)
