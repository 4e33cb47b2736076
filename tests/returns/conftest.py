"""The returns tests take an authority of their own each (the ``authority`` fixture of tests/conftest.py):
a return covers a whole authority, so the records other tests make (all in 990 and 991) must not be
in it."""
