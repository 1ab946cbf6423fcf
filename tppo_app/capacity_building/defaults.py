"""Seeded managed-list entries of Capacity Building (installed once by tppo_app.install; admins edit them)."""

TRAINING_TOPICS = (
	"Identifying Trafficking Victims",
	"Victim-Centred Investigation",
	"Restitution",
	"Safe Migration",
	"Child Protection",
	"Data and Reporting",
)


def install_defaults() -> None:
	"""Seeds the list once (tppo_app.install.setup_defaults): an entry an admin edited or removed stays so."""
	from tppo_app.utils.managed_list import ensure_managed_list

	ensure_managed_list("Training Topic", "topic_name", TRAINING_TOPICS)
