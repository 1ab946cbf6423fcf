"""Every place where tppo_app changes how a Frappe internal behaves, in one folder.

None copies a Frappe method: each calls Frappe's own and narrows its answer, or is a hook Frappe offers.
`checks.check_overrides` verifies, after every migrate and in a test, that each wrapped Frappe function still
exists with the parameters the wrapper passes, so that a Frappe upgrade that breaks one fails loudly.

- endpoints.py (override_whitelisted_methods): frappe.client.get_count (v15 counts without permission),
  run_doc_method (returns the whole document beside the answer), frappe.desk.form.load.getdoc (docinfo:
  attachments, comments and communications of a victim), frappe.desk.search.get_link_title (any record's
  title), frappe.client.validate_link (confirms records of other regions), frappe.desk.like.toggle_like
  (writes on records the user cannot read).
- references.py (permission_query_conditions and has_permission on File, Comment, Version, Communication,
  Workflow Action): rows that point at a record of the app follow that record's scope.
- requests.py (auth_hooks): link search honours ignore_user_permissions only for public lookups.
- tppo_app.case_management.fieldlevel: v15's list field-level loop skips every other field (patched method).
"""
