"""Domain exceptions. Library code raises these; only ``kg.cli`` turns them into
``Error: ...`` lines and exit status 1. Every message names the file or value at fault."""
from __future__ import annotations

__all__ = ["KGError", "ConfigError", "InputError", "MetadataError", "CurationError",
           "OntologyError", "ExtractionError", "QueryError", "ValidationFailed", "PushError"]


class KGError(Exception):
    """A problem the user can fix; the CLI prints ``str(e)`` verbatim."""


class ConfigError(KGError):
    """Invalid ``[tool.kg]`` setting or command-line flag."""


class InputError(KGError):
    """Report missing, empty, binary or undecodable."""


class MetadataError(KGError):
    """A report's ``.meta.json`` is missing a key or malformed."""


class CurationError(KGError):
    """A curation file is malformed or names an unknown entity."""


class OntologyError(KGError):
    """The ontology or shapes file does not parse, or a term is not declared."""


class ExtractionError(KGError):
    """The extractor failed on a document."""


class QueryError(KGError):
    """SPARQL could not be parsed or evaluated, or a saved query is unknown."""


class ValidationFailed(KGError):
    """The built graph does not conform to the SHACL shapes."""


class PushError(KGError):
    """Uploading to a remote SPARQL Graph Store failed."""
