"""Curated gazetteer supplement shipped as package data (``geo_events.supplement``)."""
