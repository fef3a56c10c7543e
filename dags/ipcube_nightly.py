"""
### ipcube nightly load

For the logical date `ds`, waits for each feed's delivery (`<landing>/<feed>/<ds>/_SUCCESS`, up to
6 hours; a feed that delivers nothing that day is skipped), loads each feed into the raw layer as
soon as it arrives (one at a time: they share the delivery log and the quarantine), brings the cleaned layer up to date (only the business keys the night's raw changes touch,
MERGEd), then the marts (only the cubes whose inputs changed; publishing the asset
`ipcube://marts/regional_indicators`), checks the night's load quality (`ipcube quality`: exit 5, no
retry, when a delivery quarantined more than `ipcube.quality.max-quarantined-share` of its records or
could not place more than `ipcube.quality.max-unresolved-address-share` of its addresses; the cube is
then built but not published), then serves the new cube version: `ipcube publish` writes the
Parquet exports and, when the workers have `IPCUBE_PG_URL` / `IPCUBE_PG_USER` / `IPCUBE_PG_PASSWORD`,
switches PostgreSQL to it.

* Daily at 02:00 Asia/Shanghai for the delivery day before: an explicit data-interval timetable,
  so `{{ ds }}` is that day on Airflow 2 and 3 alike.
* Every task is one `spark-submit` of ipcube.jar with `{{ ds }}`; cluster settings are Airflow
  Variables (see `ipcube_tasks.py`), not code. The sensors run `ipcube landed` on the worker (local
  path or HDFS landing alike; no connection needed).
* A rejected delivery (`ipcube ingest` exit 3: wrong manifest or files, listed in `raw.deliveries`)
  ends its ingest task "skipped", not failed: retrying cannot fix it; the night goes on with the
  other feeds, and the feed's provider must redeliver (`<date>.2`).
* Retries: 3, exponential back-off from 10 minutes. One run at a time (`max_active_runs=1`) and a
  one-slot pool for every task that writes the warehouse (the raw ingests included); `ipcube`
  itself also takes the warehouse lock (`_ipcube_lock.json`), so a run started by hand waits its turn
  (`ipcube.lock.wait-minutes`, 240 in conf/cluster.conf).
* `catchup=False` on purpose: history and re-runs of ranges go through `ipcube_backfill` (one
  `ipcube run` over the range), not hundreds of nightly runs. A redelivery (`<date>.2`) is picked up
  by clearing that date's run, or by the backfill.
"""
from datetime import datetime

from ipcube_tasks import DAG, DEFAULT_ARGS, FEEDS, MART_ASSET, NIGHTLY, REJECTED_DELIVERY, WAREHOUSE_POOL, ipcube, wait_for_delivery

with DAG(
    dag_id="ipcube_nightly",
    description="Nightly load of the national IP feeds into the ipcube warehouse",
    doc_md=__doc__,
    schedule=NIGHTLY,
    start_date=datetime(2024, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    tags=["ipcube"],
) as dag:
    raw = [wait_for_delivery(feed) >> ipcube(f"raw_ingest_{feed}", f"ingest --feed {feed} --date {{{{ ds }}}}", pool=WAREHOUSE_POOL,
                                             skip_on_exit_code=REJECTED_DELIVERY) for feed in FEEDS]
    cleaned = ipcube("cleaned_layer", "clean", pool=WAREHOUSE_POOL, trigger_rule="none_failed_min_one_success")
    marts = ipcube("marts_regional_indicators", "marts --as-of {{ ds }}", pool=WAREHOUSE_POOL, outlets=[MART_ASSET])
    quality = ipcube("marts_load_quality", "quality --night {{ ds }}", retries=0)
    serving = ipcube("serving_publish", "publish", pool=WAREHOUSE_POOL)
    raw >> cleaned >> marts >> quality >> serving
