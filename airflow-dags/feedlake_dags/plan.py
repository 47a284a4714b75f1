"""The feedlake DAGs as plain data: which DAGs, which tasks, which command lines.

Stdlib only, so it runs (and is tested) without Airflow; the DAG files in `airflow-dags/` map
this data to Airflow operators and nothing else.

- `job_dag(job, reports, ...)`: one DAG per job in `jobs/`: `ready` (a sensor in reschedule
  mode, `feedlake ready`) -> `ingest` -> `check` -> one task per report that reads the job's
  table (directly or through a view in `jobs/views/`).
- `backfill_dag(jobs, ...)`: one manually triggered DAG running `feedlake backfill` with the
  params job, from, to, only, parallelism.
- Each command task calls `scripts/feedlake` with `{{ ds }}` (the run's logical date, i.e. the
  day whose dump is ingested) and `--run-id <task>.<try>.<run_id>`, and `--json` so that the one-line run
  summary is pushed to XCom. The retry policy is in `policy`.

Schedule, start date, owner and retries come from the job file's optional `airflow { }` section
(keys in `src/main/resources/reference.conf`, defaults in `AirflowSettings`).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field

from . import hocon, policy

RUN_ID = "{{ ti.task_id }}.{{ ti.try_number }}.{{ run_id | replace(':', '') | replace('+', '_') }}"
"""The run id passed to every command: the task, its try and Airflow's run id, so a retried task is
found in the ledger. feedlake run ids take letters, digits, `.`, `_` and `-` only (they name Hadoop
paths, which refuse `:`), so the `:` and `+` of Airflow's `scheduled__2024-03-01T00:30:00+00:00`
are removed or replaced. The task and try make the id unique per attempt: `outcome --run-id` after
a cluster-mode submission must never read the outcome of `ready` or of an earlier try of the same
DAG run (both are recorded under the job)."""

DS = "{{ ds }}"
"""The date passed to every command: the DAG run's logical date (YYYY-MM-DD)."""

LOCAL = "local"
CLUSTER = "cluster"
MODES = (LOCAL, CLUSTER)


class JobFileError(ValueError):
    """A job or report file whose Airflow-relevant keys are invalid; names the file and key."""


@dataclass(frozen=True)
class AirflowSettings:
    """A job's `airflow { }` section, with the defaults used when a key is absent.

    Durations are in seconds; `start_date` is a date (DAG runs start at its midnight UTC).
    """

    schedule: str | None = "@daily"
    start_date: dt.date = dt.date(2024, 1, 1)
    owner: str = "feedlake"
    retries: int = 3
    retry_delay: int = 600
    catchup: bool = False
    max_active_runs: int = 1
    tags: tuple[str, ...] = ()
    ready_poke_interval: int = 600
    ready_timeout: int = 6 * 3600


KEYS = {
    "schedule": "a cron expression or preset such as @daily, or null for manual runs only",
    "start-date": "a date YYYY-MM-DD",
    "owner": "a non-empty string",
    "retries": "an integer >= 0",
    "retry-delay": "a duration such as 10m",
    "catchup": "true or false",
    "max-active-runs": "an integer >= 1",
    "tags": "a list of strings",
    "ready-poke-interval": "a duration such as 10m (at least 60s in reschedule mode)",
    "ready-timeout": "a duration such as 6h",
}

_DURATION = re.compile(r"\s*(\d+)\s*(s|second|seconds|m|minute|minutes|h|hour|hours|d|day|days)\s*")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(value, where: str) -> int:
    """Seconds of a HOCON duration (`90s`, `10m`, `6h`, `1d`; a bare integer is milliseconds,
    as in HOCON).

    :raises JobFileError: naming `where` and the value when it is not such a duration
    """
    if isinstance(value, bool):
        raise JobFileError(f"{where}: {value!r} is not a duration (expected e.g. 10m or 6h)")
    if isinstance(value, int):
        return value // 1000
    m = _DURATION.fullmatch(str(value)) if isinstance(value, str) else None
    if not m:
        raise JobFileError(f"{where}: {value!r} is not a duration (expected e.g. 10m or 6h)")
    return int(m.group(1)) * _UNIT_SECONDS[m.group(2)[0]]


def airflow_settings(section, file: str) -> AirflowSettings:
    """Validates a job file's `airflow` section (a dict, or None when absent).

    :raises JobFileError: for an unknown key or a wrong value, naming the file, the key, the
        value and what was expected
    """
    if section is None:
        return AirflowSettings()
    if not isinstance(section, dict):
        raise JobFileError(f"{file}: airflow: expected an object {{ ... }} (got {section!r})")
    s = AirflowSettings()
    values = {}
    for key, value in section.items():
        where = f"{file}: airflow.{key}"
        if key not in KEYS:
            raise JobFileError(f"{where}: unknown key (expected one of {', '.join(KEYS)})")
        bad = JobFileError(f"{where}: {value!r} is not valid (expected {KEYS[key]})")
        if key == "schedule":
            if value is not None and (not isinstance(value, str) or not value.strip()):
                raise bad
            values["schedule"] = value
        elif key == "start-date":
            try:
                values["start_date"] = dt.date.fromisoformat(str(value))
            except ValueError:
                raise bad from None
        elif key == "owner":
            if not isinstance(value, str) or not value.strip():
                raise bad
            values["owner"] = value
        elif key in ("retries", "max-active-runs"):
            low = 0 if key == "retries" else 1
            if isinstance(value, bool) or not isinstance(value, int) or value < low:
                raise bad
            values[key.replace("-", "_")] = value
        elif key == "catchup":
            if not isinstance(value, bool):
                raise bad
            values["catchup"] = value
        elif key == "tags":
            if not isinstance(value, list) or not all(isinstance(t, str) and t for t in value):
                raise bad
            values["tags"] = tuple(value)
        else:
            values[key.replace("-", "_")] = parse_duration(value, where)
    if values.get("ready_poke_interval", s.ready_poke_interval) < 60:
        raise JobFileError(f"{file}: airflow.ready-poke-interval: must be at least 60s in reschedule "
                           f"mode (got {values['ready_poke_interval']}s)")
    return AirflowSettings(**{**s.__dict__, **values})


@dataclass(frozen=True)
class Job:
    """A feedlake job as the DAGs need it.

    :param table: the qualified beta table, `database.table`
    :param description: the comment block at the top of the job file
    """

    name: str
    table: str
    source_type: str
    description: str
    airflow: AirflowSettings
    file: str


@dataclass(frozen=True)
class Report:
    """A report in `jobs/reports/`.

    :param tables: qualified tables and views the SQL reads (`FROM`/`JOIN db.name`), with the
        tables behind the views it reads
    :param skip_reason: why it cannot run unattended (a parameter without default other than
        date, from and to), or None
    """

    name: str
    tables: frozenset[str]
    description: str
    skip_reason: str | None


@dataclass(frozen=True)
class Task:
    """One task of a DAG.

    :param kind: `sensor` (poked in reschedule mode, see `policy.sensor_action`) or `command`
        (see `policy.task_action`)
    :param steps: argv lists run in order; the last one's exit code decides (see
        `runner.run_steps`); Jinja-templated by Airflow
    :param env: environment variables added for the steps
    :param push_summary: push the last step's JSON summary to XCom (`return_value`)
    """

    task_id: str
    kind: str
    steps: tuple[tuple[str, ...], ...]
    env: dict = field(default_factory=dict)
    push_summary: bool = True
    doc: str = ""
    poke_interval: int | None = None
    timeout: int | None = None


@dataclass(frozen=True)
class Dag:
    """One DAG: Airflow's DAG arguments, its tasks and the edges between them."""

    dag_id: str
    schedule: str | None
    start_date: dt.date
    owner: str
    retries: int
    retry_delay: int
    catchup: bool
    max_active_runs: int
    tags: tuple[str, ...]
    doc_md: str
    tasks: tuple[Task, ...]
    edges: tuple[tuple[str, str], ...]
    params: dict = field(default_factory=dict)

    def task(self, task_id: str) -> Task:
        """The task with this id.

        :raises KeyError: naming the id and the DAG's task ids
        """
        for t in self.tasks:
            if t.task_id == task_id:
                return t
        raise KeyError(f"{self.dag_id} has no task {task_id!r} (tasks: {[t.task_id for t in self.tasks]})")


def load_job(path: str, default_database: str = "beta") -> Job:
    """Reads the Airflow-relevant part of one `jobs/<name>.conf`.

    :raises JobFileError: when the file is not readable by `hocon` or its airflow section is invalid
    """
    name = os.path.splitext(os.path.basename(path))[0]
    with open(path, encoding="utf-8") as f:
        text = f.read()
    try:
        conf = hocon.parse(text, path)
    except hocon.HoconError as e:
        raise JobFileError(str(e)) from None
    table = conf.get("table") or {}
    source = conf.get("source") or {}
    database = table.get("database") or default_database
    table_name = table.get("name") or name
    return Job(name, f"{database}.{table_name}", str(source.get("type", "kafka-json")),
               hocon.leading_comment(text), airflow_settings(conf.get("airflow"), path), path)


_READS = re.compile(r"\b(?:FROM|JOIN)\s+`?([A-Za-z_]\w*)`?\s*\.\s*`?([A-Za-z_]\w*)`?", re.IGNORECASE)
_COMMENTS = re.compile(r"--[^\n]*|/\*.*?\*/", re.DOTALL)
_DATE_PARAMS = {"date", "from", "to"}


def tables_read(sql: str) -> set[str]:
    """Qualified names after FROM or JOIN in a SQL text, comments left out, lower case."""
    return {f"{db}.{t}".lower() for db, t in _READS.findall(_COMMENTS.sub(" ", sql))}


def load_reports(reports_dir: str, views_dir: str | None, views_database: str = "beta") -> list[Report]:
    """The reports in `reports_dir` (`<name>.sql` with an optional `<name>.conf`), each with the
    tables it reads: views of `views_dir` (`<view>.sql`, in `views_database`) are replaced by
    the tables they read, transitively. Sorted by name.
    """
    views: dict[str, set[str]] = {}
    if views_dir and os.path.isdir(views_dir):
        for f in sorted(os.listdir(views_dir)):
            if f.endswith(".sql"):
                with open(os.path.join(views_dir, f), encoding="utf-8") as fh:
                    views[f"{views_database}.{f[:-4]}".lower()] = tables_read(fh.read())

    def expand(names: set[str], seen: frozenset = frozenset()) -> set[str]:
        out = set(names)
        for n in names:
            if n in views and n not in seen:
                out |= expand(views[n], seen | {n})
        return out

    reports = []
    if not os.path.isdir(reports_dir):
        return reports
    for f in sorted(os.listdir(reports_dir)):
        if not f.endswith(".sql"):
            continue
        name = f[:-4]
        with open(os.path.join(reports_dir, f), encoding="utf-8") as fh:
            sql = fh.read()
        description, skip = hocon.leading_comment(sql, ("--",)), None
        conf_path = os.path.join(reports_dir, name + ".conf")
        if os.path.isfile(conf_path):
            try:
                conf = hocon.parse_file(conf_path)
            except hocon.HoconError as e:
                raise JobFileError(str(e)) from None
            description = str(conf.get("description", description))
            required = sorted(p for p, spec in (conf.get("params") or {}).items()
                              if p not in _DATE_PARAMS and not (isinstance(spec, dict) and "default" in spec))
            if required:
                skip = (f"report {name} needs parameters without a default ({', '.join(required)}), so it "
                        "cannot run unattended")
        reports.append(Report(name, frozenset(expand(tables_read(sql))), description, skip))
    return reports


def load_jobs(jobs_dir: str, default_database: str = "beta") -> list[Job]:
    """Every `<name>.conf` directly in `jobs_dir`, sorted by name.

    :raises JobFileError: for the first job file that cannot be read
    """
    return [load_job(os.path.join(jobs_dir, f), default_database)
            for f in sorted(os.listdir(jobs_dir))
            if f.endswith(".conf") and os.path.isfile(os.path.join(jobs_dir, f))]


@dataclass(frozen=True)
class Launcher:
    """How tasks call feedlake.

    :param home: the feedlake checkout or install on the Airflow workers (`scripts/feedlake`
        below it)
    :param mode: `local` (the launcher runs Spark itself, or spark-submit in client mode) or
        `cluster` (ingest is submitted with `--deploy-mode cluster` and its outcome read back
        from the ledger by run id)
    :param conf_file: passed as `--conf-file` to every command, or None
    :param submit_args: spark-submit arguments (`FEEDLAKE_SUBMIT_ARGS`) in cluster mode, besides
        the deploy mode, e.g. `--master yarn`
    """

    home: str
    mode: str = LOCAL
    conf_file: str | None = None
    submit_args: str = ""

    def __post_init__(self):
        if self.mode not in MODES:
            raise ValueError(f"feedlake launcher mode {self.mode!r} is not one of {MODES}")

    @property
    def script(self) -> str:
        return os.path.join(self.home, "scripts", "feedlake")

    def argv(self, command: str, *args: str, json: bool = True, submit: bool = False) -> tuple[str, ...]:
        """`scripts/feedlake [--spark-submit] <command> <args> [--conf-file F] --run-id <task>.<try>.<run_id>
        [--json]`."""
        out = [self.script] + (["--spark-submit"] if submit else []) + [command, *args]
        if self.conf_file:
            out += ["--conf-file", self.conf_file]
        out += ["--run-id", RUN_ID]
        if json:
            out.append("--json")
        return tuple(out)

    def submit_env(self, deploy_mode: str) -> dict:
        return {"FEEDLAKE_SUBMIT_ARGS": f"--deploy-mode {deploy_mode} {self.submit_args}".strip()}


def _command(launcher: Launcher, task_id: str, command: str, args: tuple[str, ...], doc: str,
             job: str | None = None) -> Task:
    """A command task: in local mode one step; in cluster mode ingest is submitted in cluster
    deploy mode and followed by `outcome`, other commands use client deploy mode (their exit
    code is the driver's)."""
    if launcher.mode == LOCAL:
        return Task(task_id, "command", (launcher.argv(command, *args),), doc=doc)
    if command == "ingest":
        steps = (launcher.argv(command, *args, submit=True),
                 launcher.argv("outcome", "--job", job))
        return Task(task_id, "command", steps, env=launcher.submit_env("cluster"), doc=doc)
    return Task(task_id, "command", (launcher.argv(command, *args, submit=True),),
                env=launcher.submit_env("client"), doc=doc)


def _doc(job: Job, reports: list[Report], skipped: list[Report], launcher: Launcher) -> str:
    lines = [f"# feedlake job `{job.name}`", "", job.description or "(no description in the job file)", "",
             f"Table `{job.table}` (source `{job.source_type}`), job file `{os.path.basename(job.file)}`.", "",
             f"Tasks: `ready` (sensor, reschedule mode, every {job.airflow.ready_poke_interval}s for up to "
             f"{job.airflow.ready_timeout}s) -> `ingest` -> `check` -> "
             + (", ".join(f"`report_{r.name}`" for r in reports) or "no report") + ".",
             "",
             f"Retry policy: exit codes {sorted(policy.RETRIED_EXIT_CODES)} are retried "
             f"({job.airflow.retries} times, {job.airflow.retry_delay}s apart); any other non-zero "
             "exit code fails the task at once.",
             f"Mode: {launcher.mode}."]
    for r in skipped:
        lines += ["", f"Not scheduled: {r.skip_reason}."]
    return "\n".join(lines)


def job_dag(job: Job, reports: list[Report], launcher: Launcher) -> Dag:
    """The daily DAG of one job: ready -> ingest -> check -> the reports reading its table."""
    a = job.airflow
    date = ("--job", job.name, "--date", DS)
    ready = Task("ready", "sensor", (launcher.argv("ready", *date, json=False),), push_summary=False,
                 doc="Waits until feedlake ready exits 0 (the date's input is complete).",
                 poke_interval=a.ready_poke_interval, timeout=a.ready_timeout)
    tasks = [ready,
             _command(launcher, "ingest", "ingest", date, "Ingests and publishes the date.", job.name),
             _command(launcher, "check", "check", date, "Runs the job's data-quality checks for the date.")]
    edges = [("ready", "ingest"), ("ingest", "check")]
    reading = [r for r in reports if job.table.lower() in r.tables]
    runnable = [r for r in reading if r.skip_reason is None]
    for r in runnable:
        tid = f"report_{r.name}"
        tasks.append(_command(launcher, tid, "report", (r.name, "--date", DS), r.description))
        edges.append(("check", tid))
    return Dag(
        dag_id=f"feedlake_{job.name}", schedule=a.schedule, start_date=a.start_date, owner=a.owner,
        retries=a.retries, retry_delay=a.retry_delay, catchup=a.catchup, max_active_runs=a.max_active_runs,
        tags=tuple(dict.fromkeys(("feedlake", job.name, job.source_type) + a.tags)),
        doc_md=_doc(job, runnable, [r for r in reading if r.skip_reason], launcher),
        tasks=tuple(tasks), edges=tuple(edges))


ONLY_CHOICES = ("missing,failed,changed", "missing", "failed", "changed", "all")


def backfill_dag(jobs: list[Job], launcher: Launcher, owner: str = "feedlake", retries: int = 2,
                 retry_delay: int = 600) -> Dag:
    """The manually triggered backfill DAG: one task running `feedlake backfill` for the params
    job, from, to, only and parallelism (validated by Airflow from `params`' JSON schemas).

    A retry is safe: backfill skips the dates already published. In cluster mode it is submitted
    in client deploy mode, so its exit code (the worst among its dates) is the driver's.

    :raises ValueError: when `jobs` is empty
    """
    if not jobs:
        raise ValueError("no job to backfill: the jobs directory holds no <name>.conf")
    names = [j.name for j in jobs]
    args = ("--job", "{{ params.job }}", "--from", "{{ params.from }}", "--to", "{{ params.to }}",
            "--only", "{{ params.only }}", "--parallelism", "{{ params.parallelism }}", "--continue-on-error")
    task = _command(launcher, "backfill", "backfill", args,
                    "Backfills the chosen dates of one job from the ledger and the inputs.")
    params = {
        "job": {"default": names[0], "type": "string", "enum": names, "description": "job (jobs/<job>.conf)"},
        "from": {"type": "string", "format": "date", "description": "first date (inclusive), required"},
        "to": {"type": "string", "format": "date", "description": "last date (inclusive), required"},
        "only": {"default": ONLY_CHOICES[0], "type": "string", "enum": list(ONLY_CHOICES),
                 "description": "which dates: missing, failed, changed (comma-separated) or all"},
        "parallelism": {"default": 2, "type": "integer", "minimum": 1, "maximum": 16,
                        "description": "dates run at once in one Spark application"},
    }
    doc = "\n".join([
        "# feedlake backfill", "",
        "Triggered by hand with params: runs `feedlake backfill --job J --from D1 --to D2 --only ... "
        "--parallelism N --continue-on-error` once; the ledger decides which dates need work.", "",
        f"Jobs: {', '.join(names)}.", "",
        f"Retry policy: exit codes {sorted(policy.RETRIED_EXIT_CODES)} are retried; any other non-zero "
        "exit code fails at once. A retry redoes only the dates not yet published."])
    return Dag(dag_id="feedlake_backfill", schedule=None, start_date=min(j.airflow.start_date for j in jobs),
               owner=owner, retries=retries, retry_delay=retry_delay, catchup=False, max_active_runs=1,
               tags=("feedlake", "backfill"), doc_md=doc, tasks=(task,), edges=(), params=params)


def databases(home: str, conf_file: str | None = None) -> tuple[str, str]:
    """The database of job tables without `table.database` and that of the views, as feedlake
    resolves them: `catalog.default-database` and `report.views-database` (empty: the former)
    from the application config (`conf_file` when it is a local file, else
    `<home>/conf/application.conf`), defaulting to `beta` like reference.conf. A job file's own
    `table.database` still wins (see `load_job`).

    :raises JobFileError: when the application config cannot be read
    """
    path = conf_file if conf_file and os.path.isfile(conf_file) else os.path.join(home, "conf", "application.conf")
    conf = {}
    if os.path.isfile(path):
        try:
            conf = hocon.parse_file(path)
        except hocon.HoconError as e:
            raise JobFileError(str(e)) from None
    default = ((conf.get("catalog") or {}).get("default-database") or "beta")
    views = ((conf.get("report") or {}).get("views-database") or default)
    table_db = (conf.get("table") or {}).get("database") or default
    return str(table_db), str(views)


def all_dags(home: str, mode: str = LOCAL, conf_file: str | None = None, submit_args: str = "") -> list[Dag]:
    """Every DAG for the checkout at `home`: one per job in `<home>/jobs`, then the backfill DAG.

    :raises JobFileError: when a job, report or the application config file cannot be read
    """
    launcher = Launcher(home, mode, conf_file, submit_args)
    table_db, views_db = databases(home, conf_file)
    jobs = load_jobs(os.path.join(home, "jobs"), table_db)
    reports = load_reports(os.path.join(home, "jobs", "reports"), os.path.join(home, "jobs", "views"), views_db)
    return [job_dag(j, reports, launcher) for j in jobs] + [backfill_dag(jobs, launcher)]
