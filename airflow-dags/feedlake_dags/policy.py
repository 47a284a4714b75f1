"""What an Airflow task does with a feedlake exit code.

feedlake's exit codes (README "Exit codes", ARCHITECTURE.md): 0 ok, 1 unexpected, 2 usage or
configuration, 3 data contract violated, 4 input not ready, 5 transient infrastructure error,
6 a data-quality check named in `checks.fail-on` failed.

Only 4 and 5 can go away by themselves, so only they are retried. Everything else needs a
person: the task fails at once, whatever retries are left (in Airflow: `AirflowFailException`,
which marks the task instance failed without using up the retries). Exit 1 is not retried
either: a bug or an unclassified environment problem is not made better by running again, and a
retry would hide it for `retries * retry_delay`. An `OutOfMemoryError` is exit 1 with an
`Out of memory` message (running again with the same memory fails the same way); Spark's own exit
52 (it stopped the JVM after an out-of-memory error in a local executor) is not retried either.
"""

from __future__ import annotations

SUCCESS = "success"
RETRY = "retry"
FAIL = "fail"

WAIT = "wait"
DONE = "done"

RETRIED_EXIT_CODES = frozenset({4, 5})
"""Exit codes after which a task is retried (input not ready, transient infrastructure)."""

FATAL_EXIT_CODES = frozenset({1, 2, 3, 6})
"""Exit codes after which a task fails without retrying; any other non-zero code too."""

MEANING = {
    0: "ok",
    1: "unexpected error",
    2: "usage or configuration error",
    3: "data contract violated",
    4: "input not ready",
    5: "transient infrastructure error",
    6: "data-quality check failed",
    52: "out of memory (Spark stopped the JVM)",
}


def meaning(exit_code: int) -> str:
    """A short name of an exit code for task logs, e.g. `4 (input not ready)`."""
    return f"{exit_code} ({MEANING.get(exit_code, 'unknown exit code')})"


def task_action(exit_code: int) -> str:
    """What a command task does with the command's exit code.

    :returns: `SUCCESS` for 0, `RETRY` for 4 and 5 (raise a plain exception: Airflow retries
        while retries are left), `FAIL` for every other code (raise `AirflowFailException`:
        no retry)
    """
    if exit_code == 0:
        return SUCCESS
    if exit_code in RETRIED_EXIT_CODES:
        return RETRY
    return FAIL


def sensor_action(exit_code: int) -> str:
    """What the `ready` sensor does with `feedlake ready`'s exit code at one poke.

    :returns: `DONE` for 0; `WAIT` for 4 (not ready yet) and 5 (storage unreachable: ask again
        at the next poke, until the sensor's timeout); `FAIL` for every other code (a bad job
        file or a broken delivery does not become ready by waiting)
    """
    if exit_code == 0:
        return DONE
    if exit_code in RETRIED_EXIT_CODES:
        return WAIT
    return FAIL
