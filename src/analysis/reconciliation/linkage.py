"""Probable NIK typos: probabilistic record linkage of names and birth dates (splink, DuckDB).

A list row ``belum_terdaftar`` (its NIK is unknown to BPJS) and a person ``tidak_dalam_daftar``
in the same village (active, but their NIK is on no list) are probably one person with a
mistyped NIK when their names and birth dates agree. Splink scores every such pair within a
village (blocking on village, so the work grows with village size, not with the province)
with a Fellegi-Sunter model: the m probabilities (how often a true pair agrees at each level)
are set below; the u probabilities (how often two different people agree by chance) are
estimated by random sampling, with a fixed seed, from everyone with a name and birth date
(the whole year's lists against all participants), and the prior from the candidates
themselves (pairs agreeing exactly on name and birth date). Pairs at or above
``MATCH_THRESHOLD`` are kept one to one, best first. Names and birth dates stay in memory:
the DuckDB databases are in memory and closed when the function returns.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager

import pandas as pd

MATCH_THRESHOLD = 0.9
SAMPLE_SEED = 2022
U_SAMPLE_PAIRS = 150_000
POPULATION_SAMPLE = 10_000  # records per side from which chance agreement is learnt
PRIOR_RECALL = 0.8  # share of true pairs thought to agree exactly on name and birth date
# m probabilities per level, from exact agreement to disagreement.
NAME_LEVELS = (0.95, 0.88)  # Jaro-Winkler similarity of the upper-cased, trimmed names
NAME_M = (0.85, 0.08, 0.05, 0.02)
BIRTH_DATE_EDITS = (1, 2)  # Damerau-Levenshtein edits of the ISO date text
BIRTH_DATE_M = (0.88, 0.07, 0.03, 0.02)
PAIR_COLUMNS = ["village_code", "list_row", "person", "match_probability"]


def _prepared(frame: pd.DataFrame, prefix: str) -> pd.DataFrame:
    """The columns splink compares, names normalised, dates as ISO text (village_code is
    only used to block; people of the whole population have none)."""
    names = frame["name"].astype("str").str.upper().str.replace(r"\s+", " ", regex=True)
    dates = pd.to_datetime(frame["birth_date"]).dt.strftime("%Y-%m-%d")
    return pd.DataFrame({
        "unique_id": [f"{prefix}{i}" for i in range(len(frame))],
        "village_code": (frame["village_code"].astype("str").to_numpy()
                         if "village_code" in frame.columns else ""),
        "name": names.str.strip().to_numpy(),
        "birth_date": dates.to_numpy(),
    })


def _sample(frame: pd.DataFrame) -> pd.DataFrame:
    """At most POPULATION_SAMPLE records (a fixed random sample) to learn chance agreement."""
    if len(frame) <= POPULATION_SAMPLE:
        return frame
    return frame.sample(POPULATION_SAMPLE, random_state=SAMPLE_SEED)


def _settings():
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    return SettingsCreator(
        link_type="link_only",
        blocking_rules_to_generate_predictions=[block_on("village_code")],
        comparisons=[
            cl.JaroWinklerAtThresholds("name", list(NAME_LEVELS)).configure(
                m_probabilities=list(NAME_M)),
            cl.DamerauLevenshteinAtThresholds("birth_date", list(BIRTH_DATE_EDITS)).configure(
                m_probabilities=list(BIRTH_DATE_M)),
        ],
    )


def _linked(db, left: pd.DataFrame, right: pd.DataFrame, settings):
    from splink import Linker

    return Linker([db.register(left, dataset_display_name="daftar_desa"),
                   db.register(right, dataset_display_name="bpjs")], settings,
                  log_level=logging.ERROR)


def _scored_pairs(left: pd.DataFrame, right: pd.DataFrame, population: tuple[pd.DataFrame,
                  pd.DataFrame]) -> pd.DataFrame:
    """Every candidate pair in the same village scoring at least MATCH_THRESHOLD, as
    (list id, person id, match_probability)."""
    from splink import DuckDBAPI, block_on

    logging.getLogger("splink").setLevel(logging.ERROR)
    with duckdb_api(DuckDBAPI) as db:
        chance = _linked(db, *population, _settings())
        chance.training.estimate_u_using_random_sampling(max_pairs=U_SAMPLE_PAIRS,
                                                         seed=SAMPLE_SEED, num_chunks=1)
        model = chance.misc.save_model_to_json()
    with duckdb_api(DuckDBAPI) as db:
        linker = _linked(db, left, right, model)
        linker.training.estimate_probability_two_random_records_match(
            [block_on("name", "birth_date")], recall=PRIOR_RECALL)
        predicted = linker.inference.predict(threshold_match_probability=MATCH_THRESHOLD)
        pairs = predicted.as_pandas_dataframe()
    left_first = pairs["unique_id_l"].str.startswith("L")
    return pd.DataFrame({
        "list_id": pairs["unique_id_l"].where(left_first, pairs["unique_id_r"]),
        "person_id": pairs["unique_id_r"].where(left_first, pairs["unique_id_l"]),
        "match_probability": pairs["match_probability"],
    })


@contextmanager
def duckdb_api(api_class):
    """An in-memory DuckDB database for splink, closed on leaving."""
    db = api_class()
    try:
        yield db
    finally:
        db.duckdb_con.close()


def one_to_one(pairs: pd.DataFrame) -> pd.DataFrame:
    """Keep each list row and each person in at most one pair, highest probability first
    (ties broken by the ids, so the result does not depend on the order of the input)."""
    ranked = pairs.sort_values(["match_probability", "list_id", "person_id"],
                               ascending=[False, True, True])
    kept, used_rows, used_people = [], set(), set()
    for row in ranked.itertuples(index=False):
        if row.list_id in used_rows or row.person_id in used_people:
            continue
        kept.append(row)
        used_rows.add(row.list_id)
        used_people.add(row.person_id)
    return pd.DataFrame(kept, columns=pairs.columns)


def probable_nik_typos(unregistered: pd.DataFrame, unlisted: pd.DataFrame,
                       population: tuple[pd.DataFrame, pd.DataFrame]) -> pd.DataFrame:
    """Pairs (village_code, list_row, person, match_probability) of a list row not
    registered and a person not listed in the same village whose name and birth date agree.

    ``unregistered``: village_code, list_row, name, birth_date; ``unlisted``: village_code,
    person, name, birth_date; ``population``: everyone listed and everyone registered, in
    the same two forms, from which chance agreement is learnt. Rows without a name or a
    birth date are not compared.
    """
    left_rows, right_rows = (frame.dropna(subset=["name", "birth_date"])
                             for frame in (unregistered, unlisted))
    shared = set(left_rows["village_code"]) & set(right_rows["village_code"])
    left_rows, right_rows = (frame[frame["village_code"].isin(shared)].reset_index(drop=True)
                             for frame in (left_rows, right_rows))
    if left_rows.empty or right_rows.empty:
        return pd.DataFrame(columns=PAIR_COLUMNS)
    everyone = tuple(_prepared(_sample(frame.dropna(subset=["name", "birth_date"])), prefix)
                     for frame, prefix in zip(population, "LR", strict=True))
    pairs = one_to_one(_scored_pairs(_prepared(left_rows, "L"), _prepared(right_rows, "R"),
                                     everyone))
    left_at = pairs["list_id"].str.slice(1).astype("int64").to_numpy()
    right_at = pairs["person_id"].str.slice(1).astype("int64").to_numpy()
    return pd.DataFrame({
        "village_code": left_rows["village_code"].to_numpy()[left_at],
        "list_row": left_rows["list_row"].to_numpy()[left_at],
        "person": right_rows["person"].to_numpy()[right_at],
        "match_probability": pairs["match_probability"].round(4).to_numpy(),
    }).sort_values(["village_code", "list_row"], ignore_index=True)
