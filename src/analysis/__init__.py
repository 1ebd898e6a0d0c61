"""BKBK Jamsostek analytics: enrolment, contributions, benefits and coverage in Jambi."""

__version__ = "0.1.0"
