"""The DAG files mapped onto a stand-in for Airflow's API (tests/fake_airflow).

The stand-in records the arguments; it does not schedule, render templates or run tasks the
way Airflow does. These tests show that the DAG files turn the plan into the intended DAG
arguments, operators and edges, and that the operators raise the exception Airflow retries (exit
4, 5) or the one it does not (exit 3 and the others).
"""

import importlib
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
DAGS_DIR = os.path.dirname(HERE)
REPO = os.path.dirname(DAGS_DIR)
FAKE = os.path.join(HERE, "fake_airflow")


class FakeTaskInstance:
    def __init__(self):
        self.pushed = {}

    def xcom_push(self, key, value):
        self.pushed[key] = value


class DagFilesTest(unittest.TestCase):
    def setUp(self):
        self._path = list(sys.path)
        self._env = os.environ.get("FEEDLAKE_HOME")
        sys.path.insert(0, FAKE)
        os.environ["FEEDLAKE_HOME"] = REPO
        self._drop_modules()

    def tearDown(self):
        sys.path[:] = self._path
        if self._env is None:
            os.environ.pop("FEEDLAKE_HOME", None)
        else:
            os.environ["FEEDLAKE_HOME"] = self._env
        self._drop_modules()

    @staticmethod
    def _drop_modules():
        for name in list(sys.modules):
            if name == "airflow" or name.startswith("airflow.") or name in (
                    "feedlake_job_dags", "feedlake_backfill_dag", "feedlake_dags.airflow_mapping"):
                del sys.modules[name]
        # the package keeps the submodule as an attribute, with operator classes built on the old fake
        if "feedlake_dags" in sys.modules:
            vars(sys.modules["feedlake_dags"]).pop("airflow_mapping", None)

    def test_job_dags_file_defines_one_dag_per_job(self):
        module = importlib.import_module("feedlake_job_dags")
        dags = {k: v for k, v in vars(module).items() if type(v).__name__ == "DAG"}
        jobs = sorted(f[:-5] for f in os.listdir(os.path.join(REPO, "jobs")) if f.endswith(".conf"))
        self.assertEqual(sorted("feedlake_" + j for j in jobs), sorted(dags))
        dag = dags["feedlake_vsco_events"]
        kw = dag.kwargs
        self.assertEqual(("30 0 * * *", False, 1, ["feedlake", "vsco_events", "kafka-json"]),
                         (kw["schedule"], kw["catchup"], kw["max_active_runs"], kw["tags"]))
        self.assertEqual("2024-03-01T00:00:00+00:00", kw["start_date"].isoformat())
        self.assertEqual({"owner": "data-eng", "retries": 3, "retry_delay": 600},
                         {**kw["default_args"], "retry_delay": kw["default_args"]["retry_delay"].total_seconds()})
        self.assertIn("VSCO-style", kw["doc_md"])
        ready, ingest, check = dag.tasks["ready"], dag.tasks["ingest"], dag.tasks["check"]
        self.assertEqual("FeedlakeReadySensor", type(ready).__name__)
        self.assertEqual(("reschedule", 600, 21600), (ready.mode, ready.poke_interval, ready.timeout))
        self.assertEqual("FeedlakeOperator", type(ingest).__name__)
        self.assertEqual(("steps", "env"), type(ingest).template_fields)
        self.assertEqual(["ingest"], ready.downstream)
        self.assertEqual(["check"], ingest.downstream)
        self.assertEqual(["report_events_per_type_per_day"], check.downstream)
        self.assertIn("{{ ds }}", ingest.steps[0])

    def test_backfill_dag_file_has_params(self):
        module = importlib.import_module("feedlake_backfill_dag")
        dag = module.feedlake_backfill
        self.assertIsNone(dag.kwargs["schedule"])
        params = dag.kwargs["params"]
        self.assertEqual(["job", "from", "to", "only", "parallelism"], list(params))
        self.assertEqual(2, params["parallelism"].default)
        self.assertEqual({"type": "integer", "minimum": 1, "maximum": 16}, params["parallelism"].schema)
        self.assertEqual(["backfill"], list(dag.tasks))

    def _operator(self, exit_code, summary='{"status": "x"}'):
        from feedlake_dags import airflow_mapping
        operator, _ = airflow_mapping._classes()
        code = f"print('{summary}'); raise SystemExit({exit_code})"
        return operator(task_id="ingest", steps=[[sys.executable, "-c", code]], env={})

    def test_exit_3_fails_without_retry(self):
        from airflow.exceptions import AirflowFailException
        ti = FakeTaskInstance()
        with self.assertRaises(AirflowFailException) as ctx:
            self._operator(3).execute({"ti": ti})
        self.assertEqual("feedlake exited with 3 (data contract violated): not retried", str(ctx.exception))
        self.assertEqual({"summary": {"status": "x"}}, ti.pushed)

    def test_exit_4_raises_the_retried_exception(self):
        from airflow.exceptions import AirflowException, AirflowFailException
        with self.assertRaises(AirflowException) as ctx:
            self._operator(4).execute({"ti": FakeTaskInstance()})
        self.assertNotIsInstance(ctx.exception, AirflowFailException)
        self.assertEqual("feedlake exited with 4 (input not ready): retried while retries are left",
                         str(ctx.exception))

    def test_exit_2_and_6_fail_without_retry_and_0_returns_the_summary(self):
        from airflow.exceptions import AirflowFailException
        for code in (2, 6):
            with self.subTest(code=code), self.assertRaises(AirflowFailException):
                self._operator(code).execute({"ti": FakeTaskInstance()})
        self.assertEqual({"status": "published"}, self._operator(0, '{"status": "published"}').execute({}))

    def test_ready_sensor_pokes(self):
        from airflow.exceptions import AirflowFailException
        from feedlake_dags import airflow_mapping
        _, sensor = airflow_mapping._classes()

        def poke(code):
            return sensor(task_id="ready", steps=[[sys.executable, "-c", f"raise SystemExit({code})"]]).poke({})

        self.assertEqual((True, False, False), (poke(0), poke(4), poke(5)))
        with self.assertRaises(AirflowFailException) as ctx:
            poke(2)
        self.assertEqual("feedlake ready exited with 2 (usage or configuration error)", str(ctx.exception))


if __name__ == "__main__":
    unittest.main()
