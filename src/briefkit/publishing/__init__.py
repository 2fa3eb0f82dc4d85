"""Publishing: what is handed on. The findings written by rules from the data (and the figures'
computed titles), the briefing page, and the exports for GIS and conflict-data tables.
"""
