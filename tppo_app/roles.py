"""The app's roles, in one place for code, fixtures, role profiles and tests."""

NATIONAL_ADMIN = "TPPO National Admin"
PROVINCIAL_ADMIN = "TPPO Provincial Admin"
DISTRICT_FOCAL_POINT = "TPPO District Focal Point"
MINISTRY_REVIEWER = "TPPO Ministry Reviewer"
CASE_WORKER = "TPPO Case Worker"
VIEWER = "TPPO Viewer"

ALL_ROLES = (
	NATIONAL_ADMIN,
	PROVINCIAL_ADMIN,
	DISTRICT_FOCAL_POINT,
	MINISTRY_REVIEWER,
	CASE_WORKER,
	VIEWER,
)

# The Frappe modules this app owns (modules.txt).
MODULES = (
	"Task Force",
	"Action Plan",
	"Case Management",
	"Capacity Building",
	"Coordination",
	"Regional Adaptation",
	"Reporting",
)
