"""Network views: public pages and joining (``public``), the coordinator's workspace (``coordinate``)."""
