# Copyright (c) 2026, TPPO App Contributors and contributors
# For license information, please see license.txt

import frappe
from frappe.model.naming import make_autoname
from frappe.utils import getdate

from tppo_app.coordination import invitations, meetings
from tppo_app.utils.document import TPPODocument


class CoordinationMeeting(TPPODocument):
	def autoname(self):
		# Numbered by the year the meeting is held (RAKOR-2025-00001), not the year it was entered.
		self.name = make_autoname(f"RAKOR-{getdate(self.meeting_date).year}-.#####", doc=self)

	def before_insert(self):
		meetings.add_follow_up_review(self)

	def validate(self):
		meetings.set_times(self)
		meetings.set_defaults(self)
		meetings.validate_joint_task_forces(self)
		meetings.fill_invitees(self)
		meetings.sync_attendance(self)
		meetings.validate_attendance(self)
		meetings.set_status(self)

	def before_submit(self):
		meetings.approve_minutes(self)

	def on_cancel(self):
		self.db_set("status", "Cancelled")

	def after_insert(self):
		if self.amended_from:
			meetings.move_recommendations(self.amended_from, self.name)

	@frappe.whitelist()
	def send_invitations(self) -> dict:
		return invitations.send_invitations(self)

	def get_recommendations(self) -> list[dict]:
		"""For the minutes print format."""
		return meetings.recommendations_for_print(self.name)


@frappe.whitelist()
def download_ics(meeting: str) -> None:
	"""The meeting as a calendar file (.ics), to share it without email."""
	invitations.download_ics(meeting)


def on_doctype_update():
	# The follow-up review and the reports look meetings up by task force and date.
	frappe.db.add_index("Coordination Meeting", ["task_force", "meeting_date"])
