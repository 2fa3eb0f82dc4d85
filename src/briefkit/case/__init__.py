"""The case: which folder a notebook or command works on, and the folders a case is made of.

The bottom layer: it knows paths and environment variables, nothing of what the files hold.
"""
