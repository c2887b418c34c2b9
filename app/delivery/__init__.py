"""Delivery: what goes with an exported episode — AI labels (visible mark, GB 45438
metadata, C2PA manifest), the provenance record, reading them back, saving the files.
"""
