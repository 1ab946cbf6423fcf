"""Seeded managed-list entries of Case Management (installed once by tppo_app.install; admins edit them)."""

# (form of exploitation, HTCDS 2.0 vic_TypeOfExploitation value). "Forced Criminality" has no HTCDS value of
# its own and is exchanged as Other.
EXPLOITATION_FORMS = (
	("Sexual Exploitation", "SexualExploitation"),
	("Forced Labour", "ForcedLabour"),
	("Forced Marriage", "ForcedMarriage"),
	("Forced Criminality", "Other"),
	("Organ Removal", "OrganRemoval"),
	("Child Labour", "ChildLabour"),
	("Forced Begging", "ForcedBegging"),
	("Forced Adoption", "ForcedAdoption"),
	("Other", "Other"),
)

# (modus, usual form of exploitation). New modus keep appearing (seed 003): regions add their own.
TRAFFICKING_MODUS = (
	("Non-Procedural Migrant Workers (incl. Domestic Workers)", "Forced Labour"),
	("Sexual Exploitation", "Sexual Exploitation"),
	("Online Scam Compounds", "Forced Criminality"),
	("Ship Crews", "Forced Labour"),
	("Forced or Contract Marriage", "Forced Marriage"),
	("Baby Trafficking and Illegal Adoption", "Forced Adoption"),
	("Organ Trade", "Organ Removal"),
	("Child Labour and Begging", "Child Labour"),
)

# (service type, HTCDS 2.0 spl_Type value)
VICTIM_SERVICE_TYPES = (
	("Medical", "Health"),
	("Psychosocial", "Health"),
	("Legal Aid", "Legal"),
	("Shelter", "SocialCare"),
	("Repatriation", "SocialCare"),
	("Social Reintegration", "SocialCare"),
	("Restitution", "Legal"),
	("Economic Empowerment", "Livelihood"),
)


def install_defaults() -> None:
	"""Seeds the lists once (tppo_app.install.setup_defaults): an entry an admin edited or removed stays so."""
	from tppo_app.utils.managed_list import ensure_managed_list

	ensure_managed_list(
		"Exploitation Form",
		"form_name",
		[title for title, _htcds in EXPLOITATION_FORMS],
		extra=lambda i: {"htcds_type": EXPLOITATION_FORMS[i][1]},
	)
	ensure_managed_list(
		"Trafficking Modus",
		"modus_name",
		[title for title, _form in TRAFFICKING_MODUS],
		extra=lambda i: {"exploitation_form": TRAFFICKING_MODUS[i][1]},
	)
	ensure_managed_list(
		"Victim Service Type",
		"service_type_name",
		[title for title, _htcds in VICTIM_SERVICE_TYPES],
		extra=lambda i: {"htcds_support_type": VICTIM_SERVICE_TYPES[i][1], "sort_order": i + 1},
	)
