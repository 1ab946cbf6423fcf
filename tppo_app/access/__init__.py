"""Who may see and change what: region scope on every path (scoping), and how access is granted and ends (grants).

Scope itself (national, regions, or nothing) is answered by tppo_app.regions.get_user_regions."""
