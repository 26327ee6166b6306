"""Federation between Klusmarkt instances: a network's shared assignments delivered to a linked network elsewhere.

- ``documents``: the document one instance sends for an assignment, and its strict validation.
- ``transport``: HTTP to a peer with timeouts, size limits and no redirects.
- ``outbound``: links (create, end) and delivery (PUT changed documents, DELETE withdrawn ones).
- ``inbound``: storing what a peer delivered as read-only assignments, and removing it.
"""
