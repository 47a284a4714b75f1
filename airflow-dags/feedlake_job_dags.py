"""One Airflow DAG per feedlake job in `$FEEDLAKE_HOME/jobs/`: ready -> ingest -> check -> reports.

The DAG logic is in `feedlake_dags.plan` (plain data, unit-tested without Airflow); this file
only maps it to Airflow objects. Environment, read when the scheduler parses this file:
- FEEDLAKE_HOME: the feedlake checkout or install (default: the directory above this file's);
- FEEDLAKE_AIRFLOW_MODE: `local` (default) or `cluster` (ingest submitted with spark-submit
  --deploy-mode cluster, its outcome read back from the ledger by run id);
- FEEDLAKE_CONF_FILE: passed as --conf-file to every command;
- FEEDLAKE_AIRFLOW_SUBMIT_ARGS: spark-submit arguments in cluster mode, e.g. `--master yarn`.
Assumes Airflow 2.x (2.4 or later); see README "Airflow".
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from feedlake_dags import plan  # noqa: E402


def _dags():
    home = os.environ.get("FEEDLAKE_HOME") or os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    return plan.all_dags(home, mode=os.environ.get("FEEDLAKE_AIRFLOW_MODE", plan.LOCAL),
                         conf_file=os.environ.get("FEEDLAKE_CONF_FILE") or None,
                         submit_args=os.environ.get("FEEDLAKE_AIRFLOW_SUBMIT_ARGS", ""))


try:
    import airflow  # noqa: F401
except ImportError:  # byte-compiled or imported without Airflow: define no DAG
    airflow = None

if airflow is not None:
    from feedlake_dags.airflow_mapping import build_dag

    for _spec in _dags():
        if _spec.dag_id != "feedlake_backfill":
            globals()[_spec.dag_id] = build_dag(_spec)
