"""The OWL API check of OrthoKG exports: is the file clean OWL 2 DL, with nothing lost?

* :mod:`.classpath` finds Debian's OWL API jars;
* :mod:`.runner` compiles ``CheckOntology.java`` and runs it on a file;
* :mod:`.compare` finds the triples a load–save round trip dropped.
"""

from __future__ import annotations

from orthokg.ontology.owlapi.classpath import OwlApiUnavailable, owlapi_classpath
from orthokg.ontology.owlapi.compare import lost_triples, skeleton
from orthokg.ontology.owlapi.runner import (
    CHECKER_CLASS,
    OwlCheckResult,
    check_ontology,
    checker_source,
    compile_checker,
)

__all__ = [
    "CHECKER_CLASS",
    "OwlApiUnavailable",
    "OwlCheckResult",
    "check_ontology",
    "checker_source",
    "compile_checker",
    "lost_triples",
    "owlapi_classpath",
    "skeleton",
]
