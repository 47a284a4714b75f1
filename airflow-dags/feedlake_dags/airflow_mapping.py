"""Maps the plain DAG data of `plan` to Airflow objects (assumes Airflow 2.x, 2.4 or later).

Airflow is imported inside the functions, so this module (and the DAG files using it) can be
imported and byte-compiled where Airflow is not installed.

Why a custom operator rather than BashOperator: BashOperator turns every non-zero exit code into
an `AirflowException`, which Airflow retries, and can only map exit codes to *skipped*
(`skip_on_exit_code`, Airflow 2.6+); it has no per-exit-code retry. `FeedlakeOperator` raises
`AirflowException` (retried while retries are left) for the codes `policy.task_action` retries
(4, 5) and `AirflowFailException` (failed at once, retries left unused) for the others.
"""

from __future__ import annotations

import datetime as dt

from . import plan, policy, runner


def _classes():
    """The operator and sensor classes, built on first use (they subclass Airflow's)."""
    global _CLASSES
    if _CLASSES is not None:
        return _CLASSES
    from airflow.exceptions import AirflowException, AirflowFailException
    from airflow.models.baseoperator import BaseOperator
    from airflow.sensors.base import BaseSensorOperator

    def _run(op, context):
        result = runner.run_steps(op.steps, env=op.env, log=op.log.info)
        if len(result.exit_codes) > 1:
            op.log.info("exit codes of the steps: %s (the last one decides)", list(result.exit_codes))
        return result

    class FeedlakeOperator(BaseOperator):
        """Runs a feedlake command; pushes its `--json` summary to XCom; retries only 4 and 5."""

        template_fields = ("steps", "env")
        ui_color = "#d8eefa"

        def __init__(self, *, steps, env=None, push_summary=True, **kwargs):
            super().__init__(**kwargs)
            self.steps = [list(s) for s in steps]
            self.env = dict(env or {})
            self.push_summary = push_summary

        def execute(self, context):
            result = _run(self, context)
            action = policy.task_action(result.exit_code)
            if action == policy.SUCCESS:
                return result.summary if self.push_summary else None
            if self.push_summary and result.summary is not None:
                context["ti"].xcom_push(key="summary", value=result.summary)
            message = f"feedlake exited with {policy.meaning(result.exit_code)}"
            if action == policy.RETRY:
                raise AirflowException(message + ": retried while retries are left")
            raise AirflowFailException(message + ": not retried")

    class FeedlakeReadySensor(BaseSensorOperator):
        """Pokes `feedlake ready`: done on 0, pokes again on 4 and 5, fails at once otherwise."""

        template_fields = ("steps", "env")
        ui_color = "#fdf2d0"

        def __init__(self, *, steps, env=None, **kwargs):
            super().__init__(**kwargs)
            self.steps = [list(s) for s in steps]
            self.env = dict(env or {})

        def poke(self, context):
            result = _run(self, context)
            action = policy.sensor_action(result.exit_code)
            if action == policy.DONE:
                return True
            if action == policy.WAIT:
                self.log.info("not ready: feedlake exited with %s", policy.meaning(result.exit_code))
                return False
            raise AirflowFailException(f"feedlake ready exited with {policy.meaning(result.exit_code)}")

    _CLASSES = (FeedlakeOperator, FeedlakeReadySensor)
    return _CLASSES


_CLASSES = None


def build_dag(spec: plan.Dag):
    """The Airflow `DAG` of one `plan.Dag`, with its tasks and edges."""
    from airflow import DAG
    from airflow.models.param import Param

    operator, sensor = _classes()
    default_args = {"owner": spec.owner, "retries": spec.retries,
                    "retry_delay": dt.timedelta(seconds=spec.retry_delay)}
    start = dt.datetime(spec.start_date.year, spec.start_date.month, spec.start_date.day, tzinfo=dt.timezone.utc)
    dag = DAG(dag_id=spec.dag_id, schedule=spec.schedule, start_date=start, catchup=spec.catchup,
              max_active_runs=spec.max_active_runs, tags=list(spec.tags), doc_md=spec.doc_md,
              default_args=default_args, params={k: Param(**v) for k, v in spec.params.items()})
    ops = {}
    for t in spec.tasks:
        if t.kind == "sensor":
            ops[t.task_id] = sensor(task_id=t.task_id, dag=dag, steps=t.steps, env=t.env, mode="reschedule",
                                    poke_interval=t.poke_interval, timeout=t.timeout, doc_md=t.doc)
        else:
            ops[t.task_id] = operator(task_id=t.task_id, dag=dag, steps=t.steps, env=t.env,
                                      push_summary=t.push_summary, doc_md=t.doc)
    for up, down in spec.edges:
        ops[up] >> ops[down]
    return dag
