"""Example parameters and row comparison shared by the query tests."""

from __future__ import annotations

from rdflib.term import Identifier

from orthokg.queries.engines.base import QueryResult

#: Parameters that make each catalogue query answer on the fixture graph, given the
#: way a person would type them (names, not IRIs) so resolution is exercised too.
EXAMPLES: dict[str, dict[str, str]] = {
    "alternatives-to-procedure": {"procedure": "TKR"},
    "benefits-compared": {"condition": "herniated disc"},
    "complications-of-procedure": {"procedure": "total knee replacement"},
    "concepts-named": {"lowered": "tkr"},
    "drugs-to-stop-before-procedure": {"procedure": "okgr:total-knee-replacement"},
    "label-search": {"key": "Replacement, Total Knee"},
    "minimally-invasive-options-for-condition": {"condition": "Slipped Disc"},
    "preparation-for-procedure": {"procedure": "total knee replacement"},
    "procedure-overview": {"procedure": "microdiscectomy"},
    "procedures-on-structure": {"structure": "shinbone"},
    "procedures-treating-condition": {"condition": "osteoarthritis"},
    "recovery-timeline": {"procedure": "total knee replacement"},
    "symptoms-of-condition": {"condition": "OA"},
}
#: Optional parameters bound, to check that path on every engine too.
BOUND_OPTIONALS: dict[str, dict[str, str]] = {
    "devices-and-implants": {"procedure": "total knee replacement"},
    "fact-sources": {"subject": "microdiscectomy", "property": "treats"},
    "imaging-used-by-procedure": {"procedure": "microdiscectomy"},
}


def sorted_rows(result: QueryResult) -> list[tuple[str, ...]]:
    """Rows in a stable order, each term in N-Triples form (unbound as '')."""
    def text(term: Identifier | None) -> str:
        return "" if term is None else term.n3()
    return sorted(tuple(text(t) for t in row) for row in result.rows)
