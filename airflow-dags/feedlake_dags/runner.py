"""Runs the steps of one task (feedlake command lines) and reads its JSON summary.

Used by the operators in the DAG files; stdlib only, so it is unit-tested without Airflow.
"""

from __future__ import annotations

import json
import os
import subprocess
import threading
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


def _lines(stream, sink):
    for line in stream:
        sink(line.rstrip("\n"))


def run_steps(steps, env=None, cwd=None, log=None) -> StepResult:
    """Runs each step (an argv list) in turn and returns the last step's exit code and summary.

    A task has one step, or two in cluster mode: `spark-submit --deploy-mode cluster` (whose own
    exit code only says whether the submission and the application ended well) followed by
    `feedlake outcome`, which reads the run's exit code back from the ledger by run id. So the
    last step decides, and every step runs even when an earlier one failed; the earlier codes
    are logged. Both output streams are read while the step runs and each line is passed to `log`
    as it comes (stderr lines prefixed with `stderr: `); stdout is also kept for the summary.
    Nothing is written to this process's own file descriptors, because in an Airflow task
    `sys.stdout` and `sys.stderr` are log writers without one.

    :param steps: a sequence of argv sequences, already templated
    :param env: variables added to this process's environment for the steps
    :param log: a callable taking one line, default `print`
    :raises ValueError: when `steps` is empty
    """
    if not steps:
        raise ValueError("a task needs at least one command (got no steps)")
    log = log or print
    full_env = dict(os.environ)
    full_env.update(env or {})
    codes = []
    out: list[str] = []
    for argv in steps:
        argv = [str(a) for a in argv]
        log("running: " + " ".join(argv))
        out = []
        with subprocess.Popen(argv, env=full_env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              stdin=subprocess.DEVNULL, text=True, errors="replace") as proc:
            err_reader = threading.Thread(target=_lines, args=(proc.stderr, lambda l: log("stderr: " + l)),
                                          daemon=True)
            err_reader.start()

            def keep(line):
                out.append(line)
                log(line)

            _lines(proc.stdout, keep)
            err_reader.join()
            code = proc.wait()
        codes.append(code)
        log(f"exit code {code}")
    return StepResult(codes[-1], last_json_line("\n".join(out)), tuple(codes))
