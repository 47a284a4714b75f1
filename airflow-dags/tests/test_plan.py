import datetime as dt
import os
import tempfile
import textwrap
import unittest

from feedlake_dags import hocon, plan

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
JOBS = os.path.join(REPO, "jobs")


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(textwrap.dedent(text))


class AirflowSectionTest(unittest.TestCase):
    def test_defaults_when_the_section_is_absent(self):
        s = plan.airflow_settings(None, "j.conf")
        self.assertEqual(("@daily", dt.date(2024, 1, 1), "feedlake", 3, 600, False, 1, (), 600, 21600),
                         (s.schedule, s.start_date, s.owner, s.retries, s.retry_delay, s.catchup,
                          s.max_active_runs, s.tags, s.ready_poke_interval, s.ready_timeout))

    def test_defaults_match_reference_conf(self):
        ref = hocon.parse_file(os.path.join(REPO, "src", "main", "resources", "reference.conf"))["airflow"]
        self.assertEqual(plan.AirflowSettings(), plan.airflow_settings(ref, "reference.conf"))

    def test_values_from_the_section(self):
        s = plan.airflow_settings({"schedule": "0 7 * * *", "start-date": "2024-03-01", "owner": "web",
                                   "retries": 0, "retry-delay": "90s", "catchup": True, "max-active-runs": 4,
                                   "tags": ["adobe"], "ready-poke-interval": "5m", "ready-timeout": "12h"},
                                  "j.conf")
        self.assertEqual(plan.AirflowSettings("0 7 * * *", dt.date(2024, 3, 1), "web", 0, 90, True, 4,
                                              ("adobe",), 300, 43200), s)
        self.assertIsNone(plan.airflow_settings({"schedule": None}, "j.conf").schedule)

    def test_bad_sections_name_the_file_key_and_value(self):
        cases = [
            ({"retires": 3}, "j.conf: airflow.retires: unknown key (expected one of schedule, start-date, owner, "
                             "retries, retry-delay, catchup, max-active-runs, tags, ready-poke-interval, ready-timeout)"),
            ({"retries": -1}, "j.conf: airflow.retries: -1 is not valid (expected an integer >= 0)"),
            ({"retries": "3"}, "j.conf: airflow.retries: '3' is not valid (expected an integer >= 0)"),
            ({"start-date": "2024-02-30"}, "j.conf: airflow.start-date: '2024-02-30' is not valid "
                                           "(expected a date YYYY-MM-DD)"),
            ({"catchup": "yes"}, "j.conf: airflow.catchup: 'yes' is not valid (expected true or false)"),
            ({"max-active-runs": 0}, "j.conf: airflow.max-active-runs: 0 is not valid (expected an integer >= 1)"),
            ({"retry-delay": "soon"}, "j.conf: airflow.retry-delay: 'soon' is not a duration (expected e.g. 10m or 6h)"),
            ({"ready-poke-interval": "10s"}, "j.conf: airflow.ready-poke-interval: must be at least 60s in "
                                             "reschedule mode (got 10s)"),
            ("x", "j.conf: airflow: expected an object { ... } (got 'x')"),
        ]
        for section, message in cases:
            with self.subTest(section=section):
                with self.assertRaises(plan.JobFileError) as ctx:
                    plan.airflow_settings(section, "j.conf")
                self.assertEqual(message, str(ctx.exception))

    def test_durations(self):
        self.assertEqual([90, 600, 7200, 86400, 2], [plan.parse_duration(v, "k") for v in
                                                     ("90s", "10m", "2 hours", "1d", 2500)])


class RepositoryJobsTest(unittest.TestCase):
    """The DAGs built from this checkout's jobs/ directory."""

    @classmethod
    def setUpClass(cls):
        cls.dags = {d.dag_id: d for d in plan.all_dags(REPO)}

    def test_every_job_yields_a_dag(self):
        jobs = sorted(f[:-5] for f in os.listdir(JOBS) if f.endswith(".conf"))
        self.assertTrue(jobs)
        self.assertEqual(sorted(["feedlake_" + j for j in jobs] + ["feedlake_backfill"]), sorted(self.dags))
        for j in jobs:
            dag = self.dags["feedlake_" + j]
            self.assertEqual(["ready", "ingest", "check"], [t.task_id for t in dag.tasks][:3], j)
            self.assertTrue(dag.doc_md.startswith(f"# feedlake job `{j}`"), dag.doc_md)

    def test_vsco_events_tasks_commands_and_edges(self):
        dag = self.dags["feedlake_vsco_events"]
        script = os.path.join(REPO, "scripts", "feedlake")
        self.assertEqual(("30 0 * * *", dt.date(2024, 3, 1), "data-eng", 3, False, 1),
                         (dag.schedule, dag.start_date, dag.owner, dag.retries, dag.catchup, dag.max_active_runs))
        self.assertEqual(("feedlake", "vsco_events", "kafka-json"), dag.tags)
        self.assertIn("VSCO-style app behaviour events", dag.doc_md)
        self.assertEqual(["ready", "ingest", "check", "report_events_per_type_per_day"],
                         [t.task_id for t in dag.tasks])
        self.assertEqual((("ready", "ingest"), ("ingest", "check"), ("check", "report_events_per_type_per_day")),
                         dag.edges)
        ready = dag.task("ready")
        self.assertEqual(("sensor", 600, 21600, False), (ready.kind, ready.poke_interval, ready.timeout,
                                                          ready.push_summary))
        self.assertEqual(((script, "ready", "--job", "vsco_events", "--date", "{{ ds }}", "--run-id", plan.RUN_ID),),
                         ready.steps)
        self.assertEqual(((script, "ingest", "--job", "vsco_events", "--date", "{{ ds }}", "--run-id", plan.RUN_ID,
                           "--json"),), dag.task("ingest").steps)
        self.assertEqual(((script, "check", "--job", "vsco_events", "--date", "{{ ds }}", "--run-id", plan.RUN_ID,
                           "--json"),), dag.task("check").steps)
        self.assertEqual(((script, "report", "events_per_type_per_day", "--date", "{{ ds }}", "--run-id",
                           plan.RUN_ID, "--json"),), dag.task("report_events_per_type_per_day").steps)
        for t in dag.tasks[1:]:
            self.assertEqual(("command", True, {}), (t.kind, t.push_summary, t.env), t.task_id)

    def test_reports_reach_tables_through_views(self):
        # web_leads_by_channel reads beta.crm_leads and the view beta.web_hits over beta.adobe_clickstream
        self.assertIn("report_web_leads_by_channel", [t.task_id for t in self.dags["feedlake_crm_leads"].tasks])
        self.assertEqual(["report_adobe_daily_metrics", "report_web_leads_by_channel"],
                         [t.task_id for t in self.dags["feedlake_adobe_clickstream"].tasks[3:]])
        # daily_record_counts names its table with IDENTIFIER(:table): it is in no job's DAG
        for dag in self.dags.values():
            self.assertNotIn("report_daily_record_counts", [t.task_id for t in dag.tasks])

    def test_backfill_dag(self):
        dag = self.dags["feedlake_backfill"]
        self.assertEqual((None, False, 1, ("feedlake", "backfill")),
                         (dag.schedule, dag.catchup, dag.max_active_runs, dag.tags))
        self.assertEqual(["job", "from", "to", "only", "parallelism"], list(dag.params))
        # every job under jobs/, in name order: the backfill DAG offers each one
        on_disk = sorted(f[:-len(".conf")] for f in os.listdir(os.path.join(REPO, "jobs")) if f.endswith(".conf"))
        self.assertEqual(["adobe_clickstream", "crm_leads", "gif_activity", "inventory_customers",
                          "vsco_alpha_parquet", "vsco_events"], on_disk)
        self.assertEqual(on_disk, dag.params["job"]["enum"])
        self.assertEqual("missing,failed,changed", dag.params["only"]["default"])
        self.assertEqual({"default": 2, "type": "integer", "minimum": 1, "maximum": 16},
                         {k: v for k, v in dag.params["parallelism"].items() if k != "description"})
        self.assertNotIn("default", dag.params["from"])
        (task,) = dag.tasks
        self.assertEqual(((os.path.join(REPO, "scripts", "feedlake"), "backfill", "--job", "{{ params.job }}",
                           "--from", "{{ params.from }}", "--to", "{{ params.to }}", "--only", "{{ params.only }}",
                           "--parallelism", "{{ params.parallelism }}", "--continue-on-error",
                           "--run-id", plan.RUN_ID, "--json"),), task.steps)


class ClusterModeTest(unittest.TestCase):
    def test_ingest_is_submitted_in_cluster_mode_and_its_outcome_read_back_by_run_id(self):
        dags = {d.dag_id: d for d in plan.all_dags(REPO, mode="cluster", conf_file="s3a://b/conf/emr.conf",
                                                   submit_args="--master yarn")}
        dag = dags["feedlake_gif_activity"]
        script = os.path.join(REPO, "scripts", "feedlake")
        conf = ("--conf-file", "s3a://b/conf/emr.conf")
        ingest = dag.task("ingest")
        self.assertEqual(((script, "--spark-submit", "ingest", "--job", "gif_activity", "--date", "{{ ds }}") + conf
                          + ("--run-id", plan.RUN_ID, "--json"),
                          (script, "outcome", "--job", "gif_activity") + conf + ("--run-id", plan.RUN_ID, "--json")),
                         ingest.steps)
        self.assertEqual({"FEEDLAKE_SUBMIT_ARGS": "--deploy-mode cluster --master yarn"}, ingest.env)
        check = dag.task("check")
        self.assertEqual(1, len(check.steps))
        self.assertEqual((script, "--spark-submit", "check"), check.steps[0][:3])
        self.assertEqual({"FEEDLAKE_SUBMIT_ARGS": "--deploy-mode client --master yarn"}, check.env)
        # ready reads only the landing zone: no Spark, no submission
        self.assertEqual((script, "ready"), dag.task("ready").steps[0][:2])
        self.assertEqual({}, dag.task("ready").env)

    def test_unknown_mode(self):
        with self.assertRaises(ValueError) as ctx:
            plan.Launcher("/opt/feedlake", "yarn")
        self.assertEqual("feedlake launcher mode 'yarn' is not one of ('local', 'cluster')", str(ctx.exception))


class JobDirectoryTest(unittest.TestCase):
    def test_a_job_file_without_airflow_section_and_a_report_needing_a_parameter(self):
        with tempfile.TemporaryDirectory() as home:
            write(os.path.join(home, "jobs", "orders.conf"), """\
                # Shop orders exported nightly.
                table { database = "shop", name = "orders_v2" }
                source { type = "delimited", path = ${feedlake.home}"/alpha" }
                """)
            write(os.path.join(home, "jobs", "reports", "by_store.sql"),
                  "-- Orders by store\nSELECT * FROM shop.orders_v2 o JOIN shop.stores s ON o.s = s.id "
                  "WHERE o.`date` = :date AND s.region = :region\n")
            write(os.path.join(home, "jobs", "reports", "by_store.conf"),
                  'params { date { type = date }, region { type = string } }\n')
            write(os.path.join(home, "jobs", "reports", "daily.sql"),
                  "-- Orders per day. FROM beta.orders_v2 in a comment does not count\n"
                  "SELECT count(*) FROM shop.orders_v2 WHERE `date` = :date\n")
            (dag, backfill) = plan.all_dags(home)
        self.assertEqual(("feedlake_orders", "@daily", 3), (dag.dag_id, dag.schedule, dag.retries))
        self.assertEqual(["ready", "ingest", "check", "report_daily"], [t.task_id for t in dag.tasks])
        self.assertIn("Shop orders exported nightly.", dag.doc_md)
        self.assertIn("Table `shop.orders_v2` (source `delimited`)", dag.doc_md)
        self.assertIn("Not scheduled: report by_store needs parameters without a default (region), so it "
                      "cannot run unattended.", dag.doc_md)
        self.assertEqual(["orders"], backfill.params["job"]["enum"])

    def test_an_invalid_airflow_section_names_the_job_file(self):
        with tempfile.TemporaryDirectory() as home:
            path = os.path.join(home, "jobs", "orders.conf")
            write(path, 'table.name = "orders"\nairflow { retries = many }\n')
            with self.assertRaises(plan.JobFileError) as ctx:
                plan.all_dags(home)
        self.assertEqual(f"{path}: airflow.retries: 'many' is not valid (expected an integer >= 0)", str(ctx.exception))

    def test_the_application_config_names_the_databases(self):
        with tempfile.TemporaryDirectory() as home:
            write(os.path.join(home, "conf", "application.conf"),
                  'lake.root = ${?FEEDLAKE_LAKE}\ncatalog { type = glue, default-database = "lake" }\n')
            write(os.path.join(home, "jobs", "orders.conf"), 'table.name = "orders"\n')
            write(os.path.join(home, "jobs", "views", "big_orders.sql"), "SELECT * FROM lake.orders WHERE n > 9\n")
            write(os.path.join(home, "jobs", "reports", "big.sql"), "SELECT count(*) FROM lake.big_orders\n")
            self.assertEqual(("lake", "lake"), plan.databases(home))
            dag = plan.all_dags(home)[0]
            other = os.path.join(home, "other.conf")
            write(other, 'report.views-database = "views"\n')
            self.assertEqual(("beta", "views"), plan.databases(home, other))
        self.assertIn("Table `lake.orders`", dag.doc_md)
        self.assertEqual(["ready", "ingest", "check", "report_big"], [t.task_id for t in dag.tasks])

    def test_tables_read(self):
        self.assertEqual({"beta.a", "beta.b"}, plan.tables_read(
            "/* FROM beta.c */ SELECT x.id FROM `beta`.`a` x\n LEFT JOIN beta . b ON x.id = b.id -- JOIN beta.d"))


if __name__ == "__main__":
    unittest.main()
