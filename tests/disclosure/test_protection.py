"""Protection intervals on hand-built problems: the chosen cells, the attacker's bounds."""

import numpy as np
import pytest

from analysis.disclosure.protection import (
    ProblemBuilder,
    ProtectionError,
    attacker_bounds,
    choose_hidden,
    is_protected,
)


def column(values: list[int], threshold: int = 5) -> ProblemBuilder:
    """One column whose total is published; each small cell is a group of its own."""
    builder = ProblemBuilder()
    total = sum(values)
    terms = {builder.cell(i, v, primary=1 <= v < threshold, cost=0.1 if v == 0 else 1.0,
                          upper=total, required=threshold): 1.0 for i, v in enumerate(values)}
    builder.equal(terms, total)
    builder.groups = [[p] for p in terms if builder.is_primary(p)]
    return builder


def test_bounds_of_a_column_by_hand():
    problem = column([3, 0, 12, 7]).build()
    hidden = np.array([True, False, True, False])
    smallest, largest = attacker_bounds(problem, hidden)
    # 3 + 12 = 15 is all a reader knows of the two hidden cells.
    assert (smallest[0], largest[0]) == (0.0, 15.0)
    assert (smallest[2], largest[2]) == (0.0, 15.0)
    assert (smallest[1], largest[1]) == (0.0, 0.0)  # shown


def test_the_cheapest_protection_is_chosen():
    assert choose_hidden(column([3, 0, 12, 7]).build()).tolist() == [True, True, False, False]
    assert choose_hidden(column([3, 12, 7]).build()).tolist() == [True, False, True]
    assert choose_hidden(column([8, 12, 7]).build()).tolist() == [False, False, False]


def test_a_lone_small_cell_cannot_be_protected():
    with pytest.raises(ProtectionError):
        choose_hidden(column([3]).build())


def test_cells_hidden_together():
    builder = column([3, 0, 12, 7])
    builder.together = [[1, 2]]  # the zero comes only with the 12
    hidden = choose_hidden(builder.build())
    assert hidden[1] == hidden[2]
    assert hidden.tolist() in ([True, False, False, True], [True, True, True, False])


def test_an_inequality_can_pin_a_cell():
    # Two kecamatan's claims in the quarter (3 and 1, both hidden, total 4) and to date
    # (3 and 1, shown). To date is at least the quarter, so 1 + 3 = 4 leaves no room: q = 3.
    builder = ProblemBuilder()
    q = builder.cell("q", 3, primary=True, upper=4, required=5)
    other = builder.cell("other", 1, primary=True, upper=4, required=5)
    c = builder.cell("c", 3, upper=4)
    c_other = builder.cell("c_other", 1, upper=4)
    builder.equal({q: 1.0, other: 1.0}, 4)
    builder.equal({c: 1.0, c_other: 1.0}, 4)
    builder.at_least({c: 1.0, q: -1.0})
    builder.at_least({c_other: 1.0, other: -1.0})
    problem = builder.build()
    smallest, largest = attacker_bounds(problem, np.array([True, True, False, False]))
    assert (smallest[q], largest[q]) == (3.0, 3.0)
    assert not is_protected(problem, smallest, largest)[q]
    builder.groups = [[q], [other]]
    # The optimisation sees it: it hides the cumulative cells as well.
    assert choose_hidden(builder.build()).tolist() == [True, True, True, True]


def test_protection_rule():
    builder = ProblemBuilder()
    builder.cell("small", 3, primary=True, required=5)
    builder.cell("amount", 60, primary=True, required=7.5)
    builder.cell("other", 9)
    problem = builder.build()
    # Lower bound 0, or an interval of at least the required width, or not primary.
    assert is_protected(problem, np.array([0.0, 10.0, 9.0]),
                        np.array([3.0, 17.5, 9.0])).tolist() == [True, True, True]
    assert is_protected(problem, np.array([1.0, 55.0, 9.0]),
                        np.array([5.0, 62.0, 9.0])).tolist() == [False, False, True]


def test_a_cell_fixed_as_shown_is_never_hidden_by_the_choice():
    builder = ProblemBuilder()
    small = builder.cell("small", 2, primary=True, upper=10, required=5, fixed=0)
    builder.cell("other", 8, upper=10)
    builder.groups.append([small])
    with pytest.raises(ValueError, match="small cell cannot be shown"):
        choose_hidden(builder.build())
    builder = ProblemBuilder()
    cells = [builder.cell("a", 2, primary=True, upper=10, required=5),
             builder.cell("b", 8, upper=10, fixed=0)]
    builder.together.append(cells)
    builder.groups.append(cells[:1])
    with pytest.raises(ValueError, match="fixed apart"):
        choose_hidden(builder.build())
