"""Supplier conformance suite for the Signs of Safety case-recording API contract.

It depends on nothing of the reference service: only the published contract (shipped in
``sos_conformance/contract/``), httpx, pytest and jsonschema.
"""

__version__ = "1.0.0"
