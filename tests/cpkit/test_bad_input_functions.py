"""Bad input, generated, for every public function of cpkit's README ("At a glance").

Each function has one valid call (its docstring's worked example, in tests/cpkit/bad_input.py);
hypothesis replaces one argument of it, or one element, entry, table cell or field of one stream of
a plant, with a messy value. The call must return a valid result (no NaN, no infinity, nothing
complex in any quantity, number, table column or result attribute; columns blank by design in the
worked example excepted) or raise CPInputError whose field or message names the input and whose fix
says what to do. No other exception gets through; a guard stops a call that never returns.

The families of bad input are listed (numbered) in test_bad_input_properties.py.
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bad_input import bad_calls, check, valid_calls

CALLS = valid_calls()
NOT_YET = {}  # public functions whose bad-input property test is still to come (none now)


@pytest.mark.parametrize("name", sorted(CALLS))
def test_the_worked_example_is_a_valid_call(name):
    call, arguments, blanks = CALLS[name]
    assert check(name, call, arguments, blanks=blanks) == "returned"


@pytest.mark.parametrize("name", sorted(set(CALLS) - set(NOT_YET)))
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_one_messy_argument_gets_a_valid_result_or_a_refusal_naming_it(name, data):
    call, arguments, blanks = CALLS[name]
    spoilt, path, value = data.draw(bad_calls(arguments), label="spoilt call")
    check(name, call, spoilt, path, value, blanks)
