"""The feedlake backfill DAG: triggered by hand with params job, from, to, only, parallelism.

Runs `scripts/feedlake backfill` once; the ledger decides which dates need work. Same
environment as feedlake_job_dags.py (FEEDLAKE_HOME, FEEDLAKE_AIRFLOW_MODE, FEEDLAKE_CONF_FILE,
FEEDLAKE_AIRFLOW_SUBMIT_ARGS). Assumes Airflow 2.x (2.4 or later); see README "Airflow".
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from feedlake_dags import plan  # noqa: E402

try:
    import airflow  # noqa: F401
except ImportError:  # byte-compiled or imported without Airflow: define no DAG
    airflow = None

if airflow is not None:
    from feedlake_dags.airflow_mapping import build_dag

    _home = os.environ.get("FEEDLAKE_HOME") or os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    _launcher = plan.Launcher(_home, os.environ.get("FEEDLAKE_AIRFLOW_MODE", plan.LOCAL),
                              os.environ.get("FEEDLAKE_CONF_FILE") or None,
                              os.environ.get("FEEDLAKE_AIRFLOW_SUBMIT_ARGS", ""))
    feedlake_backfill = build_dag(plan.backfill_dag(plan.load_jobs(os.path.join(_home, "jobs")), _launcher))
