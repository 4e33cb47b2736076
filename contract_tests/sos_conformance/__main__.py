from sos_conformance.cli import entry

entry()
