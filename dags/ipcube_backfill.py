"""
### ipcube backfill

Loads every delivery between `params.from` and `params.to` in one `ipcube run` (raw layer for the
range, then the cleaned layer and the marts once). Triggered by hand or by
`ipcube airflow trigger --dag ipcube_backfill --date D --conf from=2023-01-01 --conf to=2023-12-31`.
Shares the warehouse pool with the nightly load, so the two never write at the same time. A range
with a rejected delivery (`ipcube run` exit 3) ends "skipped" with the list in its log, not retried.
"""
from datetime import datetime

from ipcube_tasks import DAG, DEFAULT_ARGS, MART_ASSET, REJECTED_DELIVERY, WAREHOUSE_POOL, ipcube

with DAG(
    dag_id="ipcube_backfill",
    description="Load a range of delivery dates into the ipcube warehouse",
    doc_md=__doc__,
    schedule=None,
    start_date=datetime(2024, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    params={"from": "2024-01-01", "to": "2024-01-31"},
    tags=["ipcube"],
) as dag:
    ipcube(
        "run_range",
        "run --from {{ dag_run.conf.get('from', params['from']) }} --to {{ dag_run.conf.get('to', params['to']) }}",
        pool=WAREHOUSE_POOL,
        outlets=[MART_ASSET],
        skip_on_exit_code=REJECTED_DELIVERY,
    )
