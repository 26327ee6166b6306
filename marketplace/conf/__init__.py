"""Sections of ``marketplace.settings``, one module each (the settings module imports them)."""
