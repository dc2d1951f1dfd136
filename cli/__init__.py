"""The ``baomi`` command: a thin shell over pipelines and the scanner."""
