"""Demo data: a national task force, South Sulawesi (Pergub 2025-2030) and South Kalimantan with its 13
regencies/cities, their agencies and members, and one user per demo role.

People are fictional; agencies, regions and legal instruments are real. Loading is idempotent: every record
is found by its natural key first, so loading twice changes nothing.

    bench --site <site> execute tppo_app.demo.load
"""

from dataclasses import dataclass

DEMO_PASSWORD = "tppo-demo-2025"
DEMO_DOMAIN = "tppo.example"


@dataclass(frozen=True)
class DemoUser:
	email: str
	full_name: str
	role: str
	region: str | None  # Kemendagri code the user works in; None for national users
	region_label: str


DEMO_USERS = (
	DemoUser(f"nasional@{DEMO_DOMAIN}", "Ratna Wulandari", "TPPO National Admin", None, "national"),
	DemoUser(f"reviewer@{DEMO_DOMAIN}", "Bambang Setiadi", "TPPO Ministry Reviewer", None, "national"),
	DemoUser(
		f"admin.sulsel@{DEMO_DOMAIN}", "Andi Nurhayati", "TPPO Provincial Admin", "73", "Sulawesi Selatan"
	),
	DemoUser(
		f"admin.kalsel@{DEMO_DOMAIN}", "Siti Rahmah", "TPPO Provincial Admin", "63", "Kalimantan Selatan"
	),
	DemoUser(
		f"fp.makassar@{DEMO_DOMAIN}", "Muhammad Ilham", "TPPO District Focal Point", "73.71", "Kota Makassar"
	),
	DemoUser(
		f"fp.banjarmasin@{DEMO_DOMAIN}",
		"Rina Maulida",
		"TPPO District Focal Point",
		"63.71",
		"Kota Banjarmasin",
	),
	DemoUser(f"kasus.sulsel@{DEMO_DOMAIN}", "Dewi Kartika", "TPPO Case Worker", "73", "Sulawesi Selatan"),
	DemoUser(f"pemantau@{DEMO_DOMAIN}", "Yusuf Hidayat", "TPPO Viewer", None, "national"),
	DemoUser(
		f"inspektorat.sulsel@{DEMO_DOMAIN}",
		"Hasmawati Inspektorat",
		"TPPO District Focal Point",
		"73",
		"Sulawesi Selatan (Inspectorate review level)",
	),
)


def setup_demo_site():
	"""Run by scripts/start on a new site: completes the setup wizard, then loads the demo data."""
	import traceback

	import frappe

	from tppo_app.install import complete_setup_wizard

	try:
		complete_setup_wizard()
		load()
	except Exception:
		# `bench execute` retries a failing call with eval() and reports only that retry's NameError:
		# print the real error and leave with a non-zero exit instead.
		frappe.db.rollback()
		traceback.print_exc()
		raise SystemExit(1)
	# A bench execute entry point, run outside a request.
	frappe.db.commit()  # nosemgrep: frappe-manual-commit


def load():
	"""Loads (or tops up) all demo data. Safe to run any number of times."""
	from tppo_app.demo import action_plan, adaptation, cases, coordination, reporting, task_force

	task_force.load()
	coordination.load()
	action_plan.load()
	cases.load()
	adaptation.load()
	reporting.load()
