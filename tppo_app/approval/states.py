"""The states and actions of the "Progress Report Approval" workflow (progress_report_approval.json), by name.

Python code names them through these constants; the workflow definition, the translations and the demo's data
spell them out.
"""

WORKFLOW = "Progress Report Approval"

DRAFT = "Draft"
SUBMITTED = "Submitted"
VERIFIED = "Verified"
APPROVED = "Approved"
RETURNED = "Returned"
REGIONAL_REVIEW = "Regional Review"  # "Regional Review 1" .. "Regional Review 3"
MAX_LEVELS = 3

# States in which the submitter still writes the report.
DRAFTING = (None, "", DRAFT, RETURNED)

SUBMIT = "Submit"
SUBMIT_TO_MINISTRY = "Submit to Ministry"
RESUBMIT = "Resubmit"
RESUBMIT_TO_MINISTRY = "Resubmit to Ministry"
APPROVE_LEVEL = "Approve Level"
VERIFY = "Verify"
APPROVE = "Approve"
RETURN = "Return"


def regional_review(level: int) -> str:
	return f"{REGIONAL_REVIEW} {level}"


def level_of_state(state: str | None) -> int:
	"""Regional Review 2 → 2; any other state → 0."""
	prefix = REGIONAL_REVIEW + " "
	return int(state[len(prefix) :]) if state and state.startswith(prefix) else 0
