"""Victims: pseudonymous codes, identity checks (NIK, birth date, sex, phone), age groups, consent and the
services timeline."""

import frappe
from frappe import _
from frappe.model.naming import getseries
from frappe.utils import getdate, today

from tppo_app.case_management import rules
from tppo_app.task_force.rules import normalise_phone


class InvalidNIKError(frappe.ValidationError):
	pass


class NIKMismatchError(frappe.ValidationError):
	pass


class DuplicateNIKError(frappe.ValidationError):
	pass


class InvalidBirthDateError(frappe.ValidationError):
	pass


class InvalidVictimDateError(frappe.ValidationError):
	pass


class InvalidPhoneError(frappe.ValidationError):
	pass


class InvalidOriginError(frappe.ValidationError):
	pass


def victim_code(doc) -> str:
	"""V-<region code>-<year identified>-<serial>, e.g. V-73.71-2024-00012: says nothing about the person."""
	year = getdate(doc.identification_date or today()).year
	prefix = f"V-{doc.region}-{year}-"
	return prefix + getseries(prefix, 5)


def validate_dates(doc) -> None:
	today_date = getdate(today())
	identified = getdate(doc.identification_date)
	if identified > today_date:
		frappe.throw(
			_("The date identified, {0}, lies in the future.").format(frappe.format(identified, "Date")),
			InvalidVictimDateError,
			title=_("Invalid date"),
		)
	if doc.consent_to_data_sharing:
		if not doc.consent_date:
			frappe.throw(
				_("Record the date the consent to data sharing was given."),
				InvalidVictimDateError,
				title=_("Consent date missing"),
			)
		if getdate(doc.consent_date) > today_date:
			frappe.throw(
				_("The consent date, {0}, lies in the future.").format(
					frappe.format(getdate(doc.consent_date), "Date")
				),
				InvalidVictimDateError,
				title=_("Invalid date"),
			)
	else:
		doc.consent_date = None
		doc.consent_given_by = None


def validate_identity(doc) -> None:
	"""Birth date, NIK and phone: refused with a message that says what to correct, nothing saved."""
	if doc.birth_date:
		birth = getdate(doc.birth_date)
		if birth > getdate(doc.identification_date):
			frappe.throw(
				_("The birth date, {0}, comes after the date the victim was identified, {1}.").format(
					frappe.format(birth, "Date"), frappe.format(getdate(doc.identification_date), "Date")
				),
				InvalidBirthDateError,
				title=_("Invalid birth date"),
			)
		if rules.age_on(birth, getdate(doc.identification_date)) > 120:
			frappe.throw(
				_("The birth date, {0}, would make the victim older than 120.").format(
					frappe.format(birth, "Date")
				),
				InvalidBirthDateError,
				title=_("Invalid birth date"),
			)
	if doc.nik:
		doc.nik = rules.normalise_nik(doc.nik)
		validate_nik(doc)
		if not doc.birth_date:
			doc.birth_date = rules.birth_date_of_nik(doc.nik, getdate(doc.identification_date))
		validate_unique_nik(doc)
	if doc.phone:
		normalised = normalise_phone(doc.phone)
		if not normalised:
			frappe.throw(
				_(
					"{0} is not a valid Indonesian phone number. Write it as 08…, 628… or +628…, e.g. 0812 3456 7890."
				).format(frappe.bold(doc.phone)),
				InvalidPhoneError,
				title=_("Invalid phone number"),
			)
		doc.phone = normalised
	if doc.full_name:
		doc.full_name = " ".join(doc.full_name.split())


def nik_message(code: str) -> str:
	"""What is wrong, for each problem code of rules.nik_problems (translated when asked, not at import)."""
	return {
		"nik_format": _("A NIK has exactly 16 digits."),
		"nik_province": _("A NIK starts with a province code; {0} is not one."),
		"nik_region": _("A NIK's regency and district codes cannot be 00."),
		"nik_birth_date": _(
			"Digits 7 to 12 of a NIK are a birth date (day + 40 for women); these are not a date."
		),
		"nik_serial": _("A NIK's last four digits cannot be 0000."),
		"nik_birth_date_mismatch": _(
			"The NIK says the victim was born on {0} (day-month-year), but the birth date recorded is {1}. Correct one of them."
		),
		"nik_sex_mismatch": _(
			"The NIK belongs to a {0}, but the victim is recorded as a {1}. Correct one of them."
		),
	}[code]


def validate_nik(doc) -> None:
	problems = rules.nik_problems(doc.nik, doc.birth_date and getdate(doc.birth_date), doc.sex)
	if not problems:
		return
	code, *values = problems[0]
	if code == "nik_birth_date_mismatch":
		values = [values[0], frappe.format(values[1], "Date")]
	elif code == "nik_sex_mismatch":
		values = [_("woman") if v == rules.FEMALE else _("man") for v in values]
	mismatch = code in ("nik_birth_date_mismatch", "nik_sex_mismatch")
	message = nik_message(code).format(*values)
	if not mismatch:
		message = _("NIK {0} is not valid.").format(frappe.bold(doc.nik)) + " " + message
	frappe.throw(
		message,
		NIKMismatchError if mismatch else InvalidNIKError,
		title=_("NIK does not match the record") if mismatch else _("Invalid NIK"),
	)


def validate_unique_nik(doc) -> None:
	victim = frappe.qb.DocType("Victim")
	other = (
		frappe.qb.from_(victim)
		.select(victim.name)
		.where((victim.nik == doc.nik) & (victim.name != (doc.name or "")))
		.limit(1)
		.run()
	)
	if not other:
		return
	name = other[0][0]
	if frappe.has_permission("Victim", doc=name):
		frappe.throw(
			_(
				"This NIK is already recorded for {0}: link that record to the case instead of adding the victim again."
			).format(frappe.bold(name)),
			DuplicateNIKError,
			title=_("Victim already recorded"),
		)
	# Recorded where the user cannot see: say neither where nor who (no answer about another region).
	frappe.throw(
		_("This NIK cannot be used here. If the person is already being assisted, ask the national admin."),
		DuplicateNIKError,
		title=_("NIK cannot be used"),
	)


def set_age_group(doc) -> None:
	"""Worked out on the server from the birth date on the date identified, whoever saves (the birth date is
	permlevel 1, the age group is not)."""
	if doc.birth_date:
		doc.age_group = rules.age_group(getdate(doc.birth_date), getdate(doc.identification_date))
	elif doc.age_group not in (rules.CHILD, rules.ADULT):
		doc.age_group = rules.UNKNOWN_AGE


def validate_origin(doc) -> None:
	if not doc.origin_region:
		return
	region_type = frappe.db.get_value("Region", doc.origin_region, "region_type", cache=True)
	if region_type not in ("Regency", "City"):
		frappe.throw(
			_("The origin is a regency or city; {0} is a {1}.").format(
				frappe.bold(frappe.db.get_value("Region", doc.origin_region, "region_name")),
				_(region_type or "").lower(),
			),
			InvalidOriginError,
			title=_("Invalid origin"),
		)
	if doc.nationality != "Indonesia" and doc.origin_region:
		frappe.throw(
			_("A victim of another nationality has no origin region in Indonesia; leave it empty."),
			InvalidOriginError,
			title=_("Invalid origin"),
		)


def service_timeline(victim: str) -> list[dict]:
	"""The victim's services in the order they were requested, with the user's permissions (no notes)."""
	rows = frappe.get_list(
		"Victim Service",
		filters={"victim": victim},
		fields=[
			"name",
			"service_type",
			"provider_agency",
			"referred_by_agency",
			"status",
			"date_requested",
			"date_started",
			"date_completed",
			"days_to_start",
			"is_overdue",
			"outcome",
			"`case`",
		],
		order_by="date_requested asc, creation asc",
	)
	agencies = {row.provider_agency for row in rows} | {row.referred_by_agency for row in rows}
	names = dict(
		frappe.get_all(
			"Agency",
			filters={"name": ("in", [a for a in agencies if a])},
			fields=["name", "abbreviation"],
			as_list=True,
		)
	)
	for row in rows:
		row.provider = names.get(row.provider_agency) or row.provider_agency
		row.referred_by = names.get(row.referred_by_agency) or row.referred_by_agency
	return rows
