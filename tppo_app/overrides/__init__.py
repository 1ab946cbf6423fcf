"""Every place where tppo_app changes how a Frappe internal behaves, in one folder.

None copies a Frappe method: each calls Frappe's own and narrows its answer, or is a hook Frappe offers.
`checks.check_overrides` verifies, after every migrate and in a test, that each wrapped Frappe function still
exists with the parameters the wrapper passes, so that a Frappe upgrade that breaks one fails loudly.

- endpoints.py (override_whitelisted_methods): frappe.client.get_count (v15 counts without permission),
  run_doc_method (returns the whole document beside the answer), getdoc / get_docinfo / get_communications (a
  victim's attachments, comments and messages), get_link_title (any record's title), validate_link (confirms
  records of other regions), toggle_like (writes on records the user cannot read), search_link / search_widget
  (ignore_user_permissions honoured only for public lookups), get_group_by_count ("Assigned To" counted without
  permission), get_submitted_linked_docs (lists linked records of any region), query_report.run (filters must be
  a mapping before the report's timer starts).
- language.py (override_whitelisted_methods): dashboard charts labelled in the user's language (v15 labels a
  "Group By" chart with stored English values and a monthly chart with English month names).
- references.py (permission_query_conditions and has_permission on File, Comment, Version, Communication,
  Workflow Action, Tag Link): rows that point at a record of the app follow that record's scope.
- fieldlevel.py: v15's list field-level loop skips every other field (the one patched Frappe method).
"""
