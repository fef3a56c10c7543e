"""Task factory shared by the ipcube DAGs: every task is one spark-submit of the ipcube jar.

Cluster settings are Airflow Variables, read by Jinja when a task runs (never at import):

    ipcube_spark_submit    extra spark-submit arguments, e.g. "--master yarn --deploy-mode cluster"
    ipcube_jar             path of ipcube.jar where tasks run (default /opt/ipcube/ipcube.jar)
    ipcube_landing_root    the landing zone (default /data/ipcube/landing)
    ipcube_warehouse_root  the warehouse (default /data/ipcube/warehouse)

Works with Airflow 2.9+ and 3.x (the imports below pick whichever is installed).

Connections: none. The delivery sensors ask the jar (`ipcube landed`, no Spark application), so a
landing on HDFS (`hdfs://...`) is watched the same way as a local or mounted one; the workers need
`spark-submit` and the Hadoop client settings (HADOOP_CONF_DIR) they need for the jobs anyway. The
warehouse and landing are paths the Spark jobs read, and PostgreSQL credentials for publishing are
the workers' environment (IPCUBE_PG_URL, IPCUBE_PG_USER, IPCUBE_PG_PASSWORD).
"""
from datetime import timedelta

try:  # Airflow 3
    from airflow.providers.standard.operators.bash import BashOperator
    from airflow.providers.standard.sensors.bash import BashSensor
    from airflow.sdk import DAG, Asset
except ImportError:  # Airflow 2.9+
    from airflow import DAG
    from airflow.datasets import Dataset as Asset
    from airflow.operators.bash import BashOperator
    from airflow.sensors.bash import BashSensor
from airflow.timetables.interval import CronDataIntervalTimetable  # in the core of both Airflow 2 and 3

__all__ = ["DAG", "DEFAULT_ARGS", "FEEDS", "MART_ASSET", "NIGHTLY", "NOT_LANDED_YET", "REJECTED_DELIVERY", "WAREHOUSE_POOL", "ipcube",
           "wait_for_delivery"]

# The feeds of the CLI's Feed registry (`ipcube ingest --feed`; the DAG tests compare the two through `ipcube cli-spec`).
FEEDS = ("patent_biblio", "patent_legal", "trademark", "pledge", "gi", "stats")

# One writer per warehouse at a time: every task that writes it (raw ingests, cleaned, marts, publish) shares a one-slot pool.
WAREHOUSE_POOL = "ipcube_warehouse"

# The published mart, as an Airflow asset (dataset on Airflow 2): downstream DAGs can schedule on it.
MART_ASSET = Asset("ipcube://marts/regional_indicators")

# Daily at 02:00 China time for the day before, on Airflow 2 and 3 alike: a data-interval timetable
# makes `{{ ds }}` the start of the interval (the delivery day that just ended). A plain cron string
# would mean that on Airflow 2 but the run's own day on Airflow 3 (its default is a trigger timetable).
NIGHTLY = CronDataIntervalTimetable("0 2 * * *", timezone="Asia/Shanghai")

# `ipcube ingest` / `ipcube run` exit 3 when they loaded what they could but rejected a delivery (its
# manifest or files are wrong; listed in raw.deliveries). Retrying cannot fix a delivery, so the
# task ends "skipped" with the list in its log, and the rest of the night goes on.
REJECTED_DELIVERY = 3

# `ipcube landed` exits 6 while a feed's delivery for the day has not arrived (no `_SUCCESS` yet): the
# sensor pokes again. Any other non-zero exit (a wrong jar path, an unreachable landing) is an error
# (shown as "skipped" by Airflow versions whose soft_fail skips a sensor on any failure; the log says why).
NOT_LANDED_YET = 6

DEFAULT_ARGS = {
    "owner": "ipcube",
    "retries": 3,
    "retry_delay": timedelta(minutes=10),
    "retry_exponential_backoff": True,
    "execution_timeout": timedelta(hours=4),
}

_LANDING = "{{ var.value.get('ipcube_landing_root', '/data/ipcube/landing') }}"
_SPARK_SUBMIT = (
    "spark-submit {{ var.value.get('ipcube_spark_submit', '') }} --class org.ipcube.cli.IpcubeCli "
    "{{ var.value.get('ipcube_jar', '/opt/ipcube/ipcube.jar') }}"
)
# The sensors' command: on the Airflow worker itself, without the cluster arguments (a poke must not
# become an application on the cluster); `landed` starts no SparkContext.
_SPARK_SUBMIT_ON_WORKER = (
    "spark-submit --class org.ipcube.cli.IpcubeCli {{ var.value.get('ipcube_jar', '/opt/ipcube/ipcube.jar') }}"
)
_ENV = {
    "IPCUBE_ENV": "cluster",
    "IPCUBE_LANDING_ROOT": _LANDING,
    "IPCUBE_WAREHOUSE_ROOT": "{{ var.value.get('ipcube_warehouse_root', '/data/ipcube/warehouse') }}",
}


def ipcube(task_id, arguments, pool="default_pool", outlets=(), trigger_rule="all_success", skip_on_exit_code=None,
           retries=None):
    """A task running `ipcube <arguments>` through spark-submit; `skip_on_exit_code` ends it "skipped" instead of failed;
    `retries` overrides the DAG's default (a verdict on data does not change by retrying)."""
    extra = {} if retries is None else {"retries": retries}
    return BashOperator(
        task_id=task_id,
        bash_command=f"{_SPARK_SUBMIT} {arguments}",
        env=_ENV,
        append_env=True,
        pool=pool,
        outlets=list(outlets),
        trigger_rule=trigger_rule,
        skip_on_exit_code=skip_on_exit_code,
        **extra,
    )


def wait_for_delivery(feed):
    """Waits for `<landing>/<feed>/<ds>[.<n>]/_SUCCESS` (`ipcube landed`); a feed with no delivery that day is skipped, not
    failed."""
    return BashSensor(
        task_id=f"wait_{feed}",
        # No `env`: BashSensor would replace the worker's environment (PATH included) with it.
        bash_command=f"{_SPARK_SUBMIT_ON_WORKER} landed --landing {_LANDING} --feed {feed} --date {{{{ ds }}}}",
        retry_exit_code=NOT_LANDED_YET,
        mode="reschedule",
        poke_interval=600,
        timeout=6 * 3600,
        soft_fail=True,
    )
