"""Every rule table fails the same way: file, line, and what was expected."""

from __future__ import annotations

from pathlib import Path

import pytest

from orthokg.errors import LexiconError
from orthokg.loaders.recognition.nlp import read_context_rules
from orthokg.loaders.relations.cues import read_cues
from orthokg.loaders.rule_files import read_rule_rows


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
    path = _table(tmp_path, "literal\tcategory\tdirection\tmax_scope\nno\tNEGATED\tFORWARD\t4\n")
    with pytest.raises(LexiconError, match=r":2: category 'NEGATED' not one of NEGATED_EXISTENCE"):
        read_context_rules(path)


def test_a_bad_cue_regex_names_its_line(tmp_path):
    with pytest.raises(LexiconError, match=r":2: .* is not a regex"):
        read_cues(_table(tmp_path, "cue\tpattern\nrisk\t(unclosed\n"))


def test_the_packaged_tables_load():
    from orthokg.loaders.recognition.composition import step_actions
    from orthokg.loaders.relations.cues import default_cues
    from orthokg.loaders.relations.procedure_relations import generic_labels

    assert "risk" in default_cues() and step_actions() and "surgery" in generic_labels()
