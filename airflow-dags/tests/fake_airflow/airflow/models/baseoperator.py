import logging


class BaseOperator:
    def __init__(self, task_id, dag=None, **kwargs):
        self.task_id = task_id
        self.dag = dag
        self.kwargs = kwargs
        self.downstream = []
        self.log = logging.getLogger("fake_airflow." + task_id)
        if dag is not None:
            dag.tasks[task_id] = self

    def __rshift__(self, other):
        self.downstream.append(other.task_id)
        return other
