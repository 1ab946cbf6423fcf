# Copyright (c) 2026, TPPO App Contributors and contributors
# For license information, please see license.txt

from tppo_app.utils.document import TPPOChildDocument


class ProgressReportItem(TPPOChildDocument):
	pass
