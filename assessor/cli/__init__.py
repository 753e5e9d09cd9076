"""The command line: thin shell over assessor.services."""
