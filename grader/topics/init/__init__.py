"""The init topic: definition.py (contract, checks, public properties), hidden.py,
mistakes.py and notebook.py (see grader/topics/__init__.py)."""
