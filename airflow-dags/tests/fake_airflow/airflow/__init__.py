"""A stand-in for the few Airflow 2.x names the feedlake DAG files use, for tests only.

It records what the DAG files pass; it does not schedule, template or run anything, so it shows
how plan data is mapped, not how a real Airflow behaves.
"""


class DAG:
    def __init__(self, dag_id, **kwargs):
        self.dag_id = dag_id
        self.kwargs = kwargs
        self.tasks = {}
