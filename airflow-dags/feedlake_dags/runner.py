"""Runs the steps of one task (feedlake command lines) and reads its JSON summary.

Used by the operators in the DAG files; stdlib only, so it is unit-tested without Airflow.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass


@dataclass(frozen=True)
class StepResult:
    """The outcome of a task's steps.

    :param exit_code: the exit code of the last step (the one that decides, see `run_steps`)
    :param summary: the last stdout line of the last step parsed as a JSON object (feedlake's
        `--json` run summary), or None when that line is not a JSON object
    :param exit_codes: the exit code of every step, in order
    """

    exit_code: int
    summary: dict | None
    exit_codes: tuple[int, ...]


def last_json_line(stdout: str) -> dict | None:
    """The last non-blank line of `stdout` parsed as a JSON object, or None if it is not one."""
    for line in reversed(stdout.splitlines()):
        if line.strip():
            try:
                value = json.loads(line)
            except json.JSONDecodeError:
                return None
            return value if isinstance(value, dict) else None
    return None


def run_steps(steps, env=None, cwd=None, log=None) -> StepResult:
    """Runs each step (an argv list) in turn and returns the last step's exit code and summary.

    A task has one step, or two in cluster mode: `spark-submit --deploy-mode cluster` (whose own
    exit code only says whether the submission and the application ended well) followed by
    `feedlake outcome`, which reads the run's exit code back from the ledger by run id. So the
    last step decides, and every step runs even when an earlier one failed; the earlier codes
    are logged. stdout of each step is echoed to `log` and kept for the summary; stderr is
    passed through to this process's stderr (the task log).

    :param steps: a sequence of argv sequences, already templated
    :param env: variables added to this process's environment for the steps
    :param log: a callable taking one line, default printing to stdout
    :raises ValueError: when `steps` is empty
    """
    if not steps:
        raise ValueError("a task needs at least one command (got no steps)")
    log = log or print
    full_env = dict(os.environ)
    full_env.update(env or {})
    codes = []
    stdout = ""
    for argv in steps:
        argv = [str(a) for a in argv]
        log("running: " + " ".join(argv))
        done = subprocess.run(argv, env=full_env, cwd=cwd, stdout=subprocess.PIPE,
                              stderr=sys.stderr, text=True, check=False)
        stdout = done.stdout
        for line in stdout.splitlines():
            log(line)
        codes.append(done.returncode)
        log(f"exit code {done.returncode}")
    return StepResult(codes[-1], last_json_line(stdout), tuple(codes))
