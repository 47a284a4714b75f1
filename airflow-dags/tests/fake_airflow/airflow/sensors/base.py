from airflow.models.baseoperator import BaseOperator


class BaseSensorOperator(BaseOperator):
    def __init__(self, *, poke_interval=60, timeout=604800, mode="poke", **kwargs):
        super().__init__(**kwargs)
        self.poke_interval = poke_interval
        self.timeout = timeout
        self.mode = mode
