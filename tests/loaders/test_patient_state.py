"""A condition the patient has, or one acting on their outcome, is no harm of the procedure.

Sentences written here; each says by its grammar whose the condition is.
"""

from __future__ import annotations

import pytest

from orthokg.loaders.recognition.language import english
from orthokg.loaders.recognition.patient_state import patient_factor


def _factor(sentence: str, word: str) -> bool:
    doc = english()(sentence)
    token = next(t for t in doc if t.text == word)
    return patient_factor(doc[token.i:token.i + 1])


@pytest.mark.parametrize(("sentence", "word"), [
    ("If you have diabetes, the wound may heal more slowly.", "diabetes"),
    ("Patients who have osteoporosis may need a longer stay.", "osteoporosis"),
    ("Recovery is often slower in people with obesity.", "obesity"),
    ("Having diabetes can mean the scar takes longer to settle.", "diabetes"),
    ("People suffering from rheumatoid arthritis often take longer to recover.", "arthritis"),
    ("Smoking slows bone healing after a fusion.", "Smoking"),
    ("Obesity increases the chance of a wound infection.", "Obesity"),
    ("Being very overweight makes the operation harder.", "overweight"),
    ("Smokers are more likely to need a second operation.", "Smokers"),
])
def test_the_patients_own_condition_is_a_factor(sentence: str, word: str) -> None:
    assert _factor(sentence, word)


@pytest.mark.parametrize(("sentence", "word"), [
    ("You may have some bruising around the knee.", "bruising"),
    ("Some people have numbness near the scar for a few months.", "numbness"),
    ("Stiffness can develop in the first weeks.", "Stiffness"),
    ("The operation treats arthritis of the hip.", "arthritis"),
])
def test_an_outcome_stated_as_a_possibility_is_not(sentence: str, word: str) -> None:
    assert not _factor(sentence, word)
