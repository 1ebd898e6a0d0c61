"""Protection intervals: which cells to hide so that no small count can be worked out.

A ``Problem`` holds the cells a release publishes (true values, which are small) and the
linear relations a reader knows between them
(``A y = b`` and ``G y >= h``, with every cell ``y >= 0``). Then:

- ``choose_hidden`` picks the cheapest set of cells to hide (scipy.optimize.milp, HiGHS) such
  that every group of small ("primary") cells has a table consistent with everything published
  in which the group is 0: the attacker's lower bound of each is 0, so nobody is revealed.
  This is the model of Fischetti and Salazar-Gonzalez (2001) with one deviation vector per
  group, the lower protection level equal to the cell's value and no upper level needed.
- ``attacker_bounds`` computes, by linear programming, the smallest and largest value each
  hidden cell can take given everything visible (HiGHS through highspy, warm-started).
- ``is_protected``: SPEC's rule, lower bound 0 or width at least the required width.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # the solvers are imported where they run: report kernels only read
    import highspy  # patterns and need neither (0.4 s of imports)
    from scipy import sparse

# Tolerance of the attacker's bounds (values are counts or Rupiah in millions).
TOLERANCE = 1e-6
# Price of hiding a cell that is 0 against 1 for any other: it reveals little, protects well.
ZERO_COST = 0.1


@dataclass
class Problem:
    """Cells of a release and what a reader knows about them.

    values: true values; primary: cells that must be protected (always hidden); cost: price
    of hiding each cell; upper: a bound no cell value can exceed (e.g. its column total);
    required: interval width each primary cell needs; groups: sets of primary cells that go
    to 0 together; together: sets of cells hidden or shown together; fixed: 1 for a cell
    that is hidden whatever the choice, 0 for one that is shown, NaN to choose.
    """

    values: np.ndarray
    primary: np.ndarray
    cost: np.ndarray
    upper: np.ndarray
    required: np.ndarray
    equalities: sparse.csr_array
    equality_rhs: np.ndarray
    inequalities: sparse.csr_array
    inequality_rhs: np.ndarray
    groups: list[np.ndarray] = field(default_factory=list)
    together: list[np.ndarray] = field(default_factory=list)
    fixed: np.ndarray | None = None

    @property
    def size(self) -> int:
        """Number of cells."""
        return len(self.values)


class ProblemBuilder:
    """Collects cells (by key) and relations, then makes a ``Problem``."""

    def __init__(self) -> None:
        self.keys: list = []
        self.position: dict = {}
        self._cells: list[tuple[float, bool, float, float, float, float]] = []
        self._equalities: list[tuple[dict[int, float], float]] = []
        self._inequalities: list[tuple[dict[int, float], float]] = []
        self.groups: list[list[int]] = []
        self.together: list[list[int]] = []

    def cell(self, key, value: float, *, primary: bool = False, cost: float = 1.0,
             upper: float = np.inf, required: float = 0.0, fixed: float = np.nan) -> int:
        """Add a cell (``fixed``: 1 hidden, 0 shown, NaN chosen); return its position."""
        self.position[key] = len(self.keys)
        self.keys.append(key)
        self._cells.append((float(value), bool(primary), cost, upper, required, float(fixed)))
        return self.position[key]

    def is_primary(self, position: int) -> bool:
        """True when the cell at ``position`` must be protected."""
        return self._cells[position][1]

    def equal(self, terms: dict[int, float], rhs: float) -> None:
        """A relation sum(coefficient x cell) = rhs."""
        self._equalities.append((terms, float(rhs)))

    def at_least(self, terms: dict[int, float], rhs: float = 0.0) -> None:
        """A relation sum(coefficient x cell) >= rhs."""
        self._inequalities.append((terms, float(rhs)))

    @staticmethod
    def _matrix(rows: list[tuple[dict[int, float], float]], n: int):
        from scipy import sparse

        row = [r for r, (terms, _) in enumerate(rows) for _ in terms]
        column = [c for terms, _ in rows for c in terms]
        value = [v for terms, _ in rows for v in terms.values()]
        matrix = sparse.csr_array((np.array(value, dtype=float),
                                   (np.array(row, dtype=int), np.array(column, dtype=int))),
                                  shape=(len(rows), n))
        return matrix, np.array([rhs for _, rhs in rows], dtype=float)

    def build(self) -> Problem:
        """The problem of the cells and relations added so far."""
        n = len(self.keys)
        columns = np.array(self._cells, dtype=float).reshape(n, 6).T
        values, primary, cost, upper, required, fixed = columns
        equalities, equality_rhs = self._matrix(self._equalities, n)
        inequalities, inequality_rhs = self._matrix(self._inequalities, n)
        return Problem(values, primary > 0.5, cost, upper, required, equalities,
                       equality_rhs, inequalities, inequality_rhs,
                       [np.array(g, dtype=int) for g in self.groups if g],
                       [np.array(t, dtype=int) for t in self.together if len(t) > 1], fixed)


class ProtectionError(RuntimeError):
    """No pattern of hidden cells protects every small cell."""


def _states(problem: Problem) -> np.ndarray:
    """Fixed state of each cell (1 hidden, 0 shown, NaN to choose): primary cells are hidden,
    and so are the cells hidden together with one; others as ``problem.fixed`` says."""
    fixed = np.full(problem.size, np.nan) if problem.fixed is None else problem.fixed
    if (problem.primary & (fixed == 0)).any():
        raise ValueError("a small cell cannot be shown")
    state = np.where(problem.primary, 1.0, fixed)
    for cells in problem.together:
        known = state[cells][~np.isnan(state[cells])]
        if len(known) and known.min() != known.max():
            raise ValueError("cells hidden or shown together are fixed apart")
        if len(known):
            state[cells] = known.max()
    return state


def _variables(problem: Problem, state: np.ndarray) -> np.ndarray:
    """Index of each undecided cell's hiding variable (-1 for fixed cells); cells hidden
    together share one."""
    variable = np.full(problem.size, -1)
    free = np.isnan(state)
    for cells in problem.together:
        if free[cells].all() and (variable[cells] < 0).all():
            variable[cells] = cells[0]
    alone = free & (variable < 0)
    variable[alone] = np.flatnonzero(alone)
    _, dense = np.unique(variable[free], return_inverse=True)
    variable[free] = dense
    return variable


def _block(matrix: sparse.csr_array, copies: int) -> sparse.csr_array:
    from scipy import sparse

    return sparse.csr_array(sparse.kron(sparse.eye_array(copies), matrix, format="csr"))


def choose_hidden(problem: Problem) -> np.ndarray:
    """The cheapest set of cells to hide (bool per cell) that protects every group."""
    from scipy import sparse
    from scipy.optimize import Bounds, LinearConstraint, milp

    state = _states(problem)
    if not problem.groups:
        return np.nan_to_num(state) > 0.5
    variable = _variables(problem, state)
    free = np.flatnonzero(variable >= 0)
    m = int(variable.max()) + 1 if len(free) else 0
    # Deviations d (y = values + d) exist only for cells that may be hidden.
    movable = np.flatnonzero(np.isnan(state) | (state > 0.5))
    k, s = len(movable), len(problem.groups)
    values, spare = problem.values[movable], np.maximum(problem.upper - problem.values, 0)[movable]
    free_in_movable = np.isnan(state[movable])
    d_low = np.tile(np.where(free_in_movable, np.where(values > 0, -np.inf, 0.0), -values), s)
    d_high = np.tile(np.where(free_in_movable, np.inf, spare), s)
    position = np.full(problem.size, -1)
    position[movable] = np.arange(k)
    for index, cells in enumerate(problem.groups):
        d_low[index * k + position[cells]] = d_high[index * k + position[cells]] = -values[
            position[cells]]
    # Rows tying a free cell's deviation to its hiding variable: -v x <= d <= spare x.
    link = np.flatnonzero(free_in_movable)
    x_of = variable[movable[link]]
    blocks, low, high = [], [], []
    for index in range(s):
        d_columns = m + index * k + link
        for coefficient, bound in ((values[link], (0.0, np.inf)), (-spare[link], (-np.inf, 0.0))):
            rows = np.arange(len(link))
            blocks.append(sparse.csr_array(
                (np.concatenate([coefficient, np.ones(len(link))]),
                 (np.concatenate([rows, rows]), np.concatenate([x_of, d_columns]))),
                shape=(len(link), m + k * s)))
            low.append(np.full(len(link), bound[0]))
            high.append(np.full(len(link), bound[1]))
    for matrix, rhs, equality in ((problem.equalities, problem.equality_rhs, True),
                                  (problem.inequalities, problem.inequality_rhs, False)):
        part = sparse.csr_array(matrix)[:, movable]
        keep = np.flatnonzero(np.diff(part.indptr) > 0)
        if not len(keep):
            continue
        part = part[keep]
        slack = (rhs - matrix @ problem.values)[keep]
        blocks.append(sparse.hstack([sparse.csr_array((len(keep) * s, m)), _block(part, s)]))
        low.append(np.zeros(len(keep) * s) if equality else np.tile(slack, s))
        high.append(np.zeros(len(keep) * s) if equality else np.full(len(keep) * s, np.inf))
    cost = np.zeros(m)
    np.add.at(cost, variable[free], problem.cost[free])
    result = milp(
        c=np.concatenate([cost, np.zeros(k * s)]),
        integrality=np.concatenate([np.ones(m), np.zeros(k * s)]),
        bounds=Bounds(np.concatenate([np.zeros(m), d_low]),
                      np.concatenate([np.ones(m), d_high])),
        constraints=[LinearConstraint(sparse.vstack(blocks, format="csr"),
                                      np.concatenate(low), np.concatenate(high))],
    )
    if result.x is None:
        raise ProtectionError("no pattern of hidden cells protects every small cell (a small "
                              "count is its table's only cell, or equals a published total)")
    hidden = np.nan_to_num(state) > 0.5
    hidden[free] = result.x[variable[free]] > 0.5
    return hidden


def _solver() -> highspy.Highs:
    """A silent HiGHS instance (its banner is written to the process's stdout)."""
    import highspy

    sys.stdout.flush()
    saved, devnull = os.dup(1), os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    try:
        solver = highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(devnull)
    solver.setOptionValue("output_flag", False)
    return solver


def attacker_bounds(problem: Problem, hidden: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Smallest and largest value of each cell given every visible cell and the relations:
    one LP per hidden cell for its largest value, HiGHS warm-started from the previous one;
    a cell that some LP's solution puts at 0 (or at its bound) has that as its smallest (or
    largest) value, and only the others get an LP of their own."""
    import highspy
    from scipy import sparse

    solver = _solver()
    low = np.where(hidden, 0.0, problem.values)
    high = np.where(hidden, problem.upper, problem.values)
    solver.addVars(problem.size, low, high)
    for matrix, lower, upper in (
            (problem.equalities, problem.equality_rhs, problem.equality_rhs),
            (problem.inequalities, problem.inequality_rhs,
             np.full(len(problem.inequality_rhs), highspy.kHighsInf))):
        rows = sparse.csr_array(matrix)
        if rows.shape[0]:
            solver.addRows(rows.shape[0], lower, upper, rows.nnz, rows.indptr[:-1],
                           rows.indices, rows.data)
    smallest = np.where(hidden, np.nan, problem.values.astype(float))
    largest = smallest.copy()
    # The true table fits what is published, so a cell that is 0 can be 0.
    smallest[hidden & (problem.values == 0)] = 0.0

    def optimum(cell: int) -> float:
        solver.changeColCost(cell, 1.0)
        solver.run()
        value = np.nan
        if solver.getModelStatus() == highspy.HighsModelStatus.kOptimal:
            value = solver.getInfo().objective_function_value
            solution = np.asarray(solver.getSolution().col_value)
            smallest[hidden & np.isnan(smallest) & (solution <= TOLERANCE)] = 0.0
            at_bound = hidden & np.isnan(largest) & (solution >= problem.upper - TOLERANCE)
            largest[at_bound] = problem.upper[at_bound]
        solver.changeColCost(cell, 0.0)
        return value

    solver.changeObjectiveSense(highspy.ObjSense.kMaximize)
    for cell in np.flatnonzero(hidden):
        if np.isnan(largest[cell]):
            largest[cell] = optimum(int(cell))
    solver.changeObjectiveSense(highspy.ObjSense.kMinimize)
    for cell in np.flatnonzero(hidden):
        if np.isnan(smallest[cell]):
            smallest[cell] = optimum(int(cell))
    return smallest, largest


def is_protected(problem: Problem, smallest: np.ndarray, largest: np.ndarray) -> np.ndarray:
    """Per cell: True unless it is primary and the attacker pins it down (SPEC's rule)."""
    can_be_zero = smallest <= TOLERANCE
    wide = np.nan_to_num(largest - smallest, nan=0.0) >= problem.required - TOLERANCE
    return ~problem.primary | can_be_zero | wide
