"""The pieces of the question, compare and concept pages that hold no HTML: answers read as
facts, timelines in days, the neighbourhood picture and the compare lines."""

from __future__ import annotations

from typing import Any

import pytest

from orthokg.ontology.vocab import OKG
from orthokg.server.answer_window import Window, place, split
from orthokg.server.compare import ASPECTS, Line, Side, lines, mark_shared
from orthokg.server.neighbourhood import neighbourhood
from orthokg.server.page_model import Fact, Link, ResourceView, link
from orthokg.server.page_params import PageAsked
from orthokg.server.readable import Table, grouped, iris_to_label, readable, shown_columns
from orthokg.server.timeline import steps

ID = "https://w3id.org/orthokg/id/"
DOC = "https://w3id.org/orthokg/doc/"
QUDT = "http://qudt.org/vocab/unit/"
Row = dict[str, dict[str, Any]]


def iri(value: str) -> dict[str, str]:
    return {"type": "uri", "value": value}


def lit(value: str, **extra: str) -> dict[str, str]:
    return {"type": "literal", "value": value, **extra}


def complication_row(name: str, document: str, sentence: str, frequency: str | None = None
                     ) -> Row:
    row: Row = {"procedure": iri(ID + "tkr"), "complication": iri(ID + name),
                "complicationLabel": lit(name.replace("-", " "), **{"xml:lang": "en"}),
                "document": iri(DOC + document), "evidence": lit(sentence)}
    if frequency:
        row["frequency"] = lit(frequency)
    return row


VARIABLES = ["procedure", "complication", "complicationLabel", "frequency", "evidence",
             "document"]


def test_rows_stating_one_fact_become_one_row_with_every_source() -> None:
    rows = [complication_row("infection", "a", "Infection is rare.", "rare"),
            complication_row("infection", "b", "You may get an infection."),
            complication_row("infection", "b", "Infections happen."),
            complication_row("blood-clot", "a", "Clots can form.")]
    answer = grouped(VARIABLES, rows, hidden=["procedure"])
    table = readable(answer, {DOC + "a": "Leaflet A"})
    assert table.columns == ["complication"] and table.total == 2 and table.answer_rows == 4
    infection, clot = table.rows
    assert infection.cells == (Link("infection", "/id/infection", local=True),)
    assert infection.documents == 2 and len(infection.sources) == 3
    assert infection.qualifiers == ("rare",)
    assert infection.sources[0].document == Link("Leaflet A", "/doc/a", local=True)
    assert clot.documents == 1 and clot.sources[0].sentence == "Clots can form."


def test_language_tags_and_datatypes_are_not_shown() -> None:
    rows = [{"n": lit("3", datatype="http://www.w3.org/2001/XMLSchema#integer"),
             "flag": lit("true", datatype="http://www.w3.org/2001/XMLSchema#boolean"),
             "name": lit("hip", **{"xml:lang": "en"})}]
    table = readable(grouped(["n", "flag", "name"], rows), {})
    assert [c.text for c in table.rows[0].cells] == ["3", "yes", "hip"]
    assert not table.has_sources


def test_iris_without_a_label_column_are_looked_up_and_unsafe_ones_not_linked() -> None:
    rows = [{"relation": iri(str(OKG.usesDevice)), "x": iri("javascript:alert(1)"),
             "document": iri(DOC + "a")}]
    variables = ["relation", "x", "document"]
    assert iris_to_label(rows, shown_columns(variables), variables) == [
        str(OKG.usesDevice), "javascript:alert(1)", DOC + "a"]
    table = readable(grouped(variables, rows), {str(OKG.usesDevice): "uses device"})
    relation, unsafe = table.rows[0].cells
    assert relation.text == "uses device"
    assert unsafe.href is None


def _window(number: int, size: int, rows: list[Row]) -> tuple[Table, Window]:
    """Page ``number`` of ``rows`` as the page would show it, from the rows the query
    returns for it (one before the page unless it is the first, one after)."""
    start = max((number - 1) * size - 1, 0)
    asked = PageAsked(number, size)
    before, page, after = split(asked, rows[start:start + size + 1 + (number > 1)])
    window = Window(asked, VARIABLES, page, before, after)
    facts = grouped(VARIABLES, page, hidden=["procedure"])
    return readable(facts, {}, place(window, facts)), window


def test_a_fact_split_by_a_page_boundary_is_marked_on_both_pages() -> None:
    rows = [complication_row("bleeding", "a", "Bleeding."),
            complication_row("infection", "a", "Infection is rare."),
            complication_row("infection", "b", "Infections happen."),
            complication_row("stiffness", "a", "Stiffness.")]
    first, window = _window(1, 2, rows)
    assert [r.cells[0].text for r in first.rows] == ["bleeding", "infection"]
    assert window.rows == rows[:2] and window.before is None and window.after == rows[2]
    assert first.place.has_next and first.place.continues and not first.place.continued
    assert (first.first_row, first.last_row, first.complete) == (1, 2, False)
    second, window = _window(2, 2, rows)
    assert window.rows == rows[2:] and window.before == rows[1] and window.after is None
    assert [r.cells[0].text for r in second.rows] == ["infection", "stiffness"]
    assert second.place.continued and not second.place.continues
    assert not second.place.has_next and (second.first_row, second.last_row) == (3, 4)
    whole, _ = _window(1, 4, rows)
    assert whole.complete and not whole.place.continued and not whole.place.continues
    past, window = _window(3, 2, rows)
    assert window.past_the_end and not past.rows


def timeline_row(kind: str, low: str | None, high: str | None, unit: str,
                 item: str | None = None) -> Row:
    row: Row = {"kind": iri(str(OKG[kind])), "kindLabel": lit(kind.lower()),
                "unit": iri(QUDT + unit), "evidence": lit("said so"),
                "document": iri(DOC + "a")}
    if low is not None:
        row["minValue"] = lit(low)
    if high is not None:
        row["maxValue"] = lit(high)
    if item:
        row["itemLabel"] = lit(item)
    return row


def test_timeline_steps_share_one_axis_in_days() -> None:
    found = steps([timeline_row("ProcedureDuration", "1", "2", "HR"),
                   timeline_row("HospitalStay", "2", "3", "DAY"),
                   timeline_row("WalkingAidTime", None, "6", "WK", "crutches"),
                   timeline_row("ReturnToActivityTime", "3", None, "MO"),
                   timeline_row("ReturnToActivityTime", "3", None, "MO"),
                   timeline_row("RehabilitationTime", "10", "20", "PERCENT"),
                   timeline_row("SymptomResolutionTime", None, None, "WK")])
    assert [(s.name, s.amount, s.open_bound) for s in found] == [
        ("procedureduration", "1 to 2 hours", ""),
        ("hospitalstay", "2 to 3 days", ""),
        ("walkingaidtime (crutches)", "at most 6 weeks", "upper bound only"),
        ("returntoactivitytime", "at least 3 months", "lower bound only")]
    assert found[0].low_days == pytest.approx(1 / 24)
    assert found[0].high_days == pytest.approx(2 / 24)
    assert found[2].low_days == found[2].high_days == 42
    assert found[3].low_days == pytest.approx(91.3125)


def fact(subject: str, prop: str, obj: str) -> Fact:
    return Fact(link(ID + subject, subject), link(str(OKG[prop]), prop), link(ID + obj, obj))


def test_neighbourhood_draws_the_four_kinds_and_who_points_here() -> None:
    view = ResourceView(ID + "tkr", "tkr")
    view.facts_out = [fact("tkr", "treats", "oa"), fact("tkr", "hasPossibleComplication", "dvt"),
                      fact("tkr", "hasTargetSite", "knee"), fact("tkr", "usesDevice", "stem"),
                      fact("tkr", "hasBenefit", "pain-relief")]
    view.facts_in = [fact("revision", "alternativeTo", "tkr"), fact("ukr", "usesDevice", "tkr")]
    picture = neighbourhood(view)
    assert picture is not None
    assert [(n["label"], n["group"]) for n in picture.nodes] == [
        ("tkr", "self"), ("oa", "treats"), ("dvt", "complication"), ("knee", "anatomy"),
        ("stem", "device"), ("ukr", "procedure")]
    assert {"source": "/id/ukr", "target": ID + "tkr", "label": "usesDevice"} in picture.edges
    assert len(picture.edges) == 5


def test_neighbourhood_is_bounded_and_absent_when_empty() -> None:
    view = ResourceView(ID + "tkr", "tkr")
    assert neighbourhood(view) is None
    view.facts_out = [fact("tkr", "hasPossibleComplication", f"c{i}") for i in range(100)]
    picture = neighbourhood(view, limit=10)
    assert picture is not None and len(picture.nodes) == 11 and len(picture.edges) == 10


def compare_row(aspect: str, value: str, document: str | None = None,
                stated_for: str = "tkr", frequency: str | None = None) -> Row:
    row: Row = {"aspect": iri(str(OKG[aspect])), "value": iri(ID + value),
                "valueLabel": lit(value), "statedFor": iri(ID + stated_for)}
    if document:
        row["document"] = iri(DOC + document)
        row["evidence"] = lit(f"{value} in {document}")
    if frequency:
        row["frequency"] = lit(frequency)
    return row


def test_compare_lines_gather_sources_frequencies_and_broader_procedures() -> None:
    found = lines([compare_row("hasPossibleComplication", "infection", "a", frequency="rare"),
                   compare_row("hasPossibleComplication", "infection", "b"),
                   compare_row("hasPossibleComplication", "dislocation", "c",
                               stated_for="hip-replacement"),
                   compare_row("hasBenefit", "mobility"),
                   compare_row("suitableFor", "older-adults", "a")],
                  ID + "tkr", {ID + "hip-replacement": "hip replacement"})
    assert list(found) == list(ASPECTS)
    dislocation, infection = found[str(OKG.hasPossibleComplication)]
    assert infection.documents == 2 and infection.frequencies == ["rare"]
    assert infection.stated_for is None
    assert dislocation.stated_for == Link("hip replacement", "/id/hip-replacement", local=True)
    benefit = found[str(OKG.hasBenefit)][0]
    assert benefit.documents == 0 and benefit.sources == []


def test_values_both_procedures_have_are_marked() -> None:
    from orthokg.queries.catalogue import Param
    from orthokg.server.questions import Field

    complication = str(OKG.hasPossibleComplication)
    first = Side(Field(Param("a", "a", "concept")),
                 {complication: [Line(Link("infection"), "i"), Line(Link("clot"), "c")]})
    second = Side(Field(Param("b", "b", "concept")),
                  {complication: [Line(Link("infection"), "i")]})
    mark_shared(first, second)
    assert [x.shared for x in first.aspects[complication]] == [True, False]
    assert second.aspects[complication][0].shared
