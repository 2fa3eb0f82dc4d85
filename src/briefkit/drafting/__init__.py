"""Drafting: rows proposed for a new report from its text alone, kept into the case by the analyst,
and scored against the rows a person coded.
"""
