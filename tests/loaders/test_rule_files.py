"""Every rule table fails the same way: file, line, and what was expected."""

from __future__ import annotations

from pathlib import Path

import pytest

from orthokg.errors import LexiconError
from orthokg.loaders.recognition.context import read_context_rules
from orthokg.loaders.relations.frames import read_cues
from orthokg.loaders.relations.rules import read_relation_rules
from orthokg.loaders.rule_files import read_rule_rows

CONTEXT_HEADER = "literal\tcategory\tdirection\tmax_scope\texample\twhy\n"
CUE_HEADER = "frame\tcue\tdirection\twindow\texample\twhy\n"
RULE_HEADER = "frame\tobject\tsubject\tproperty\tunless\tobject_as\texample\twhy\n"


def _table(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "rules.tsv"
    path.write_text(text)
    return path


def test_a_wrong_header_is_refused(tmp_path):
    with pytest.raises(LexiconError, match="header must be"):
        read_rule_rows(_table(tmp_path, "a\tb\n1\t2\n"), ("a", "c"))


def test_a_short_row_names_its_line(tmp_path):
    with pytest.raises(LexiconError, match=r"rules.tsv:3: expected 2"):
        read_rule_rows(_table(tmp_path, "a\tb\n1\t2\n3\n"), ("a", "b"))


def test_an_unknown_context_category_lists_the_allowed_ones(tmp_path):
    path = _table(tmp_path, CONTEXT_HEADER + "no\tNEGATED\tFORWARD\t4\tNo [x].\tbecause\n")
    with pytest.raises(LexiconError, match=r":2: category 'NEGATED' not one of NEGATED_EXISTENCE"):
        read_context_rules(path)


def test_a_context_rule_without_an_example_is_refused(tmp_path):
    path = _table(tmp_path, CONTEXT_HEADER + "no\tNEGATED_EXISTENCE\tFORWARD\t4\t\tbecause\n")
    with pytest.raises(LexiconError, match=r":2: every rule needs an example and a reason"):
        read_context_rules(path)


def test_a_cue_of_an_unknown_frame_names_its_line(tmp_path):
    path = _table(tmp_path, CUE_HEADER + "danger\trisk\tafter\t4\tA [risk].\tbecause\n")
    with pytest.raises(LexiconError, match=r":2: frame 'danger' not one of"):
        read_cues(path)


def test_a_cue_cannot_start_with_an_optional_word(tmp_path):
    path = _table(tmp_path, CUE_HEADER + "risk\t(may) cause\tafter\t4\tIt may cause [x].\twhy\n")
    with pytest.raises(LexiconError, match=r":2: cue '\(may\) cause' must start and end"):
        read_cues(path)


def test_a_relation_rule_must_name_a_core_property(tmp_path):
    path = _table(tmp_path, RULE_HEADER
                  + "risk\tCondition\tProcedure\thasRisk\t\t\t{X} risks [y].\twhy\n")
    with pytest.raises(LexiconError, match=r":2: property 'hasRisk' is not a core property"):
        read_relation_rules(path)


def test_a_relation_rule_must_name_declared_classes(tmp_path):
    path = _table(tmp_path, RULE_HEADER
                  + "risk\tHarm\tProcedure\thasPossibleComplication\t\t\t{X} [y].\twhy\n")
    with pytest.raises(LexiconError, match=r":2: class 'Harm' is not declared"):
        read_relation_rules(path)


def test_the_packaged_tables_load():
    from orthokg.loaders.recognition.composition import procedure_heads, step_actions
    from orthokg.loaders.recognition.context import default_context_rules
    from orthokg.loaders.recognition.generic import generic_labels
    from orthokg.loaders.relations.frames import default_cues, default_section_frames
    from orthokg.loaders.relations.quantities import kind_cues
    from orthokg.loaders.relations.rules import default_rules

    assert {c.frame for c in default_cues()} >= {"risk", "treat", "cause", "guide"}
    assert default_rules() and default_context_rules() and kind_cues()
    assert step_actions()["remove"].noun == "removal"
    assert procedure_heads()["repair"] == "SoftTissueRepair"
    assert default_section_frames()["risks"] == "risk"
    assert "surgery" in generic_labels()
