"""Checks of the DAG files without Airflow (it cannot be installed here).

What is verified:
  * each DAG file's syntax tree: no I/O, no Variable or connection lookups and no code beyond
    imports, constants and the `with DAG(...)` block at import time;
  * the task graph, built by importing the DAG files against a minimal stand-in for Airflow's
    DAG/operator classes (recording constructor arguments and `>>` edges): task ids, edges, pools,
    retries, start date, schedule, catchup, max_active_runs, sensors' timeouts;
  * every task's command: the ipcube subcommand and each option exist in the real CLI, taken from
    `java -jar jobs/target/ipcube.jar cli-spec` (so renaming an option breaks this test), and the
    required options are given.
What is not verified: that Airflow itself imports the files, scheduling, templating (Jinja is
rendered by Airflow) and the operators' behaviour.
"""
import ast
import datetime
import functools
import importlib
import json
import pathlib
import re
import shlex
import subprocess
import sys
import types
import unittest

DAGS = pathlib.Path(__file__).resolve().parents[1]
ROOT = DAGS.parent
JAR = ROOT / "jobs" / "target" / "ipcube.jar"
DAG_FILES = sorted(p for p in DAGS.glob("ipcube_*.py") if p.name != "ipcube_tasks.py")


class _Task:
    def __init__(self, task_id, **kwargs):
        self.task_id = task_id
        self.kwargs = kwargs
        self.upstream = set()
        self.downstream = set()
        _Dag.current.tasks[task_id] = self

    def __rshift__(self, other):
        for o in other if isinstance(other, list) else [other]:
            self.downstream.add(o.task_id)
            o.upstream.add(self.task_id)
        return other

    def __rrshift__(self, other):
        for o in other if isinstance(other, list) else [other]:
            o >> self
        return self


class _Dag:
    current = None

    def __init__(self, dag_id, **kwargs):
        self.dag_id = dag_id
        self.kwargs = kwargs
        self.tasks = {}

    def __enter__(self):
        _Dag.current = self
        return self

    def __exit__(self, *exc):
        _Dag.current = None
        return False


class _Asset:
    def __init__(self, uri):
        self.uri = uri


class _CronDataIntervalTimetable:
    def __init__(self, cron, timezone):
        self.cron = cron
        self.timezone = timezone


def _install_stub_airflow():
    """Just enough of Airflow 3's module layout for the DAG files to build their graphs."""
    mods = {}
    for name in ["airflow", "airflow.sdk", "airflow.providers", "airflow.providers.standard",
                 "airflow.providers.standard.operators", "airflow.providers.standard.operators.bash",
                 "airflow.providers.standard.sensors", "airflow.providers.standard.sensors.bash",
                 "airflow.timetables", "airflow.timetables.interval"]:
        mods[name] = types.ModuleType(name)
    mods["airflow.sdk"].DAG = _Dag
    mods["airflow.sdk"].Asset = _Asset
    mods["airflow.timetables.interval"].CronDataIntervalTimetable = _CronDataIntervalTimetable
    mods["airflow.providers.standard.operators.bash"].BashOperator = type("BashOperator", (_Task,), {})
    mods["airflow.providers.standard.sensors.bash"].BashSensor = type("BashSensor", (_Task,), {})
    sys.modules.update(mods)


def _load(path):
    _install_stub_airflow()
    sys.path.insert(0, str(DAGS))
    try:
        for name in [path.stem, "ipcube_tasks"]:
            sys.modules.pop(name, None)
        module = importlib.import_module(path.stem)
    finally:
        sys.path.remove(str(DAGS))
    return module.dag


@functools.lru_cache(maxsize=None)
def _cli_spec():
    if not JAR.exists():
        raise AssertionError(f"{JAR} is missing: build it first (mvn package) - the DAG commands are checked against it")
    out = subprocess.run(["java", "-jar", str(JAR), "cli-spec"], check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def _registry_feeds():
    """The feeds of the CLI's Feed registry, as `ipcube ingest --feed` accepts them."""
    return _cli_spec()["ingest"]["values"]["--feed"]


class DagSyntaxTreeTest(unittest.TestCase):
    FORBIDDEN_CALLS = {"open", "Variable", "get_connection", "requests", "urlopen", "print", "listdir", "glob"}

    def test_dag_files_do_no_work_at_import(self):
        for path in DAG_FILES + [DAGS / "ipcube_tasks.py"]:
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for node in tree.body:
                allowed = (ast.Import, ast.ImportFrom, ast.Assign, ast.With, ast.FunctionDef, ast.Try)
                is_docstring = isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
                self.assertTrue(isinstance(node, allowed) or is_docstring,
                                f"{path.name}:{node.lineno}: top-level {type(node).__name__} does work at import")
            for node in ast.walk(tree):
                if isinstance(node, ast.Call):
                    name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
                    self.assertNotIn(name, self.FORBIDDEN_CALLS, f"{path.name}:{node.lineno}: {name}() at parse time")

    def test_every_dag_file_has_one_with_dag_block_and_a_docstring(self):
        for path in DAG_FILES:
            tree = ast.parse(path.read_text(encoding="utf-8"))
            self.assertTrue(ast.get_docstring(tree), f"{path.name} has no module docstring (doc_md)")
            withs = [n for n in tree.body if isinstance(n, ast.With)]
            self.assertEqual(len(withs), 1, f"{path.name}: expected one `with DAG(...)` block")
            start = [k for k in withs[0].items[0].context_expr.keywords if k.arg == "start_date"]
            self.assertTrue(start and isinstance(start[0].value, ast.Call)
                            and all(isinstance(a, ast.Constant) for a in start[0].value.args),
                            f"{path.name}: start_date must be a static datetime(...)")


class NightlyGraphTest(unittest.TestCase):
    def setUp(self):
        self.dag = _load(DAGS / "ipcube_nightly.py")

    def test_dag_settings(self):
        k = self.dag.kwargs
        self.assertEqual(self.dag.dag_id, "ipcube_nightly")
        # An explicit data-interval timetable: `ds` is the day before the 02:00 run on Airflow 2 and 3
        # alike (a bare cron string means the run's own day on Airflow 3).
        self.assertIsInstance(k["schedule"], _CronDataIntervalTimetable)
        self.assertEqual((k["schedule"].cron, k["schedule"].timezone), ("0 2 * * *", "Asia/Shanghai"))
        self.assertEqual(k["start_date"], datetime.datetime(2024, 1, 1))
        self.assertIs(k["catchup"], False)
        self.assertEqual(k["max_active_runs"], 1)
        self.assertEqual(k["default_args"]["retries"], 3)
        self.assertTrue(k["doc_md"].strip().startswith("### ipcube nightly load"))

    def test_task_graph(self):
        t = self.dag.tasks
        # One wait and one ingest per feed of the registry: a feed added to the CLI fails this until the DAG has it.
        feeds = _registry_feeds()
        self.assertEqual(len(feeds), 6)
        self.assertEqual(set(t), {f"wait_{f}" for f in feeds} | {f"raw_ingest_{f}" for f in feeds}
                         | {"cleaned_layer", "marts_regional_indicators", "marts_load_quality", "serving_publish"})
        for f in feeds:
            self.assertEqual(t[f"raw_ingest_{f}"].upstream, {f"wait_{f}"})
            self.assertEqual(t[f"raw_ingest_{f}"].downstream, {"cleaned_layer"})
        self.assertEqual(t["cleaned_layer"].downstream, {"marts_regional_indicators"})
        self.assertEqual(t["marts_regional_indicators"].downstream, {"marts_load_quality"})
        # A night whose load quality fails a threshold is built but not published, and not retried.
        self.assertEqual(t["marts_load_quality"].downstream, {"serving_publish"})
        self.assertEqual(t["marts_load_quality"].kwargs["retries"], 0)
        self.assertEqual(t["cleaned_layer"].kwargs["trigger_rule"], "none_failed_min_one_success")
        self.assertEqual([a.uri for a in t["marts_regional_indicators"].kwargs["outlets"]], ["ipcube://marts/regional_indicators"])

    def test_one_writer_per_table_and_sensors_with_timeouts(self):
        t = self.dag.tasks
        # Every writer, the raw ingests too: they share raw.deliveries and the quarantine.
        feeds = _registry_feeds()
        for task in ["cleaned_layer", "marts_regional_indicators", "serving_publish"] + [f"raw_ingest_{f}" for f in feeds]:
            self.assertEqual(t[task].kwargs["pool"], "ipcube_warehouse", task)
        sensor = t["wait_patent_biblio"].kwargs
        self.assertEqual(sensor["bash_command"], "spark-submit --class org.ipcube.cli.IpcubeCli "
                                                 "{{ var.value.get('ipcube_jar', '/opt/ipcube/ipcube.jar') }} landed "
                                                 "--landing {{ var.value.get('ipcube_landing_root', '/data/ipcube/landing') }} "
                                                 "--feed patent_biblio --date {{ ds }}")
        # Not there yet (exit 6, TestLandedCommand): poke again; any other failure (no jar, landing unreachable) is an error.
        self.assertEqual(sensor["retry_exit_code"], 6)
        self.assertNotIn("env", sensor, "BashSensor's env replaces the worker's whole environment")
        self.assertEqual(sensor["timeout"], 6 * 3600)
        self.assertEqual(sensor["mode"], "reschedule")
        self.assertIs(sensor["soft_fail"], True)


    def test_a_rejected_delivery_skips_its_ingest_instead_of_failing_and_retrying(self):
        t = self.dag.tasks
        for f in ["patent_biblio", "patent_legal", "trademark", "pledge", "gi", "stats"]:
            self.assertEqual(t[f"raw_ingest_{f}"].kwargs["skip_on_exit_code"], 3, f)
        # Any other failure still fails (and retries) the later stages.
        self.assertIsNone(t["cleaned_layer"].kwargs["skip_on_exit_code"])
        self.assertIsNone(t["marts_regional_indicators"].kwargs["skip_on_exit_code"])


class BackfillGraphTest(unittest.TestCase):
    def test_backfill_is_manual_and_runs_one_range(self):
        dag = _load(DAGS / "ipcube_backfill.py")
        self.assertIsNone(dag.kwargs["schedule"])
        self.assertEqual(dag.kwargs["max_active_runs"], 1)
        self.assertEqual(set(dag.tasks), {"run_range"})
        self.assertEqual(dag.tasks["run_range"].kwargs["pool"], "ipcube_warehouse")
        self.assertEqual(dag.tasks["run_range"].kwargs["skip_on_exit_code"], 3)


class AirflowIgnoreTest(unittest.TestCase):
    def test_the_tests_folder_is_not_parsed_as_dags(self):
        lines = [l.strip() for l in (DAGS / ".airflowignore").read_text(encoding="utf-8").splitlines()]
        self.assertIn("tests/", [l for l in lines if l and not l.startswith("#")])
        # The pattern must match the test file's path in both of Airflow's syntaxes (regexp: search;
        # glob: a directory pattern).
        self.assertTrue(re.search("tests/", "tests/test_dags.py"))


class CommandsMatchTheCliTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.spec = _cli_spec()

    def _check(self, task):
        # Jinja expressions are rendered by Airflow; here each is one opaque argument.
        argv = shlex.split(re.sub(r"\{\{.*?\}\}", "JINJA", task.kwargs["bash_command"]))
        self.assertEqual(argv[0], "spark-submit")
        self.assertIn("org.ipcube.cli.IpcubeCli", argv)
        args = argv[argv.index("org.ipcube.cli.IpcubeCli") + 2:]
        command, options = args[0], args[1:]
        self.assertIn(command, self.spec, f"{task.task_id}: `ipcube {command}` is not a command")
        known = set(self.spec[command]["options"])
        given = [o for o in options if o.startswith("--")]
        for option in given:
            self.assertIn(option, known, f"{task.task_id}: `ipcube {command}` has no option {option}")
        for required in self.spec[command]["required"]:
            self.assertIn(required, given, f"{task.task_id}: `ipcube {command}` needs {required}")
        return command, given

    def test_every_task_command_names_a_real_subcommand_and_real_options(self):
        checked = []
        for path in DAG_FILES:
            for task in _load(path).tasks.values():
                if "bash_command" in task.kwargs:
                    checked.append((task.task_id,) + tuple(self._check(task)[:1]))
        self.assertIn(("raw_ingest_patent_biblio", "ingest"), checked)
        self.assertIn(("marts_regional_indicators", "marts"), checked)
        self.assertIn(("marts_load_quality", "quality"), checked)
        self.assertIn(("run_range", "run"), checked)
        self.assertIn(("wait_gi", "landed"), checked)

    def test_the_check_catches_a_renamed_option(self):
        task = _Task.__new__(_Task)
        task.task_id = "probe"
        task.kwargs = {"bash_command": "spark-submit --class org.ipcube.cli.IpcubeCli x.jar ingest --day {{ ds }}"}
        with self.assertRaises(AssertionError):
            self._check(task)


if __name__ == "__main__":
    unittest.main()
