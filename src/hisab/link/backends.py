"""Where the linkage model runs: DuckDB (the default, one machine) or Spark (lists beyond one machine).

Both backends get the same settings and the same seed, and must give the same clusters. Three things
would otherwise make Spark differ from DuckDB, and each is handled here rather than in the settings:

- Dialect. The settings are data written in DuckDB's SQL (`"col"` is a column there, a string in Spark):
  every condition and blocking rule is translated with sqlglot before Spark sees it.
- Functions. DuckDB's `jaro_winkler_similarity`, `damerau_levenshtein`, ... count UTF-8 bytes on Arabic
  text and differ in detail from the Java versions shipped with Splink. On Spark they are Arrow UDFs
  that evaluate DuckDB's own function, so every comparison level gets the same answer on both engines.
- Sampling. Splink picks the records for u estimation, the EM sample and its chunks by `hash(id)`, and
  DuckDB's 64-bit hash is not Spark's murmur3: on Spark the hash is a UDF returning DuckDB's value, so
  the same seed selects the same rows and training sees the same pairs.

What remains is the order of floating-point sums, which moves weights in the last digits only.
Spark runs in local mode (`local[2]`) unless a SparkSession is already active (a cluster), in which case
that session is used and left running. Each link run works in its own child session (`newSession`),
so its temporary tables and functions never meet another run's.
"""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
import warnings
from functools import lru_cache
from pathlib import Path
from typing import Any

from hisab.link.errors import LinkInputError

__all__ = ["BACKENDS", "LinkBackend", "check_backend", "open_backend", "spark_missing", "stop_spark", "to_spark_sql"]

BACKENDS = ("duckdb", "spark")

# DuckDB functions evaluated by DuckDB itself on Spark: name -> (argument count, Spark return type).
_MIRRORED = {
    "jaro_winkler_similarity": (2, "double"), "jaro_similarity": (2, "double"),
    "damerau_levenshtein": (2, "bigint"), "levenshtein": (2, "bigint"), "hamming": (2, "bigint"),
}
_PREFIX = "hisab_duckdb_"
_HASH_UDF = f"{_PREFIX}hash"
_ALSO_STORED = {"__splink__agreement_pattern_counts"}  # read once per EM iteration, never persisted by Splink
_LOG4J = """rootLogger.level = error
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n
"""


def check_backend(name: str) -> str:
    """The backend name, validated: one of `BACKENDS`."""
    if name not in BACKENDS:
        raise LinkInputError(f"backend must be one of {', '.join(BACKENDS)}; got {name!r}")
    return name


class LinkBackend:
    """A Splink database API with the feature table registered as `records`, and its SQL dialect."""

    def __init__(self, name: str, db_api: Any, session: Any = None) -> None:
        self.name, self.db_api, self._session = name, db_api, session

    def records(self) -> Any:
        """The registered feature table, as Splink's Linker takes it."""
        return self.db_api.register("records", dataset_display_name="records")

    def settings(self, settings: dict[str, Any]) -> dict[str, Any]:
        """`settings` (DuckDB SQL) in this backend's dialect."""
        return settings if self.name == "duckdb" else spark_settings(settings)

    def rules(self, rules: list[str]) -> list[str]:
        """Blocking rules (DuckDB SQL) in this backend's dialect."""
        return rules if self.name == "duckdb" else [to_spark_sql(r) for r in rules]

    def model(self, trained: dict[str, Any], settings: dict[str, Any]) -> dict[str, Any]:
        """The trained model (Splink's JSON) in DuckDB's SQL, whichever backend trained it: the SQL of
        `settings` put back level by level, so a run saved from Spark can be repeated on either engine."""
        if self.name == "duckdb":
            return trained
        out = {**trained, "sql_dialect": "duckdb"}
        out["comparisons"] = [
            {**comp, "comparison_levels": [{**level, "sql_condition": given["sql_condition"]}
                                           for level, given in zip(comp["comparison_levels"],
                                                                   ref["comparison_levels"], strict=True)]}
            for comp, ref in zip(trained["comparisons"], settings["comparisons"], strict=True)]
        rules = zip(trained["blocking_rules_to_generate_predictions"],
                    settings["blocking_rules_to_generate_predictions"], strict=True)
        out["blocking_rules_to_generate_predictions"] = [_duckdb_rule(rule, ref) for rule, ref in rules]
        return out

    def close(self) -> None:
        """Let go of the run's child session: its temporary views go with it, and Spark's cleaner frees the
        stored tables behind them (nothing is cached: see `_spark_api`). The parent session stays up for
        the next run. Dropping each view instead took seconds (one JVM call per view) and freed nothing
        sooner."""
        self._session = None


def _duckdb_rule(rule: Any, ref: Any) -> Any:
    sql = ref if isinstance(ref, str) else ref["blocking_rule"]
    return {**rule, "blocking_rule": sql, "sql_dialect": "duckdb"} if isinstance(rule, dict) else sql


def open_backend(name: str, con: Any, feats: Any) -> LinkBackend:
    """A backend holding `feats` as table `records`. `con` is the DuckDB connection that already holds it."""
    if check_backend(name) == "duckdb":
        from splink import DuckDBAPI

        return LinkBackend(name, DuckDBAPI(con))
    session = spark_session().newSession()
    _register_udfs(session)
    import pyarrow as pa

    # Checkpointed, so that plans refer to stored rows rather than carrying the whole table as a literal.
    frame = session.createDataFrame(pa.Table.from_pandas(feats, preserve_index=False))
    frame.localCheckpoint(eager=True).createOrReplaceTempView("records")
    return LinkBackend(name, _spark_api(session), session)


def to_spark_sql(sql: str) -> str:
    """One SQL expression from DuckDB's dialect to Spark's, DuckDB-only functions renamed to their UDFs."""
    import sqlglot
    from sqlglot import exp

    if sql.strip().upper() == "ELSE":
        return sql
    tree = sqlglot.parse_one(sql, read="duckdb")
    typed, anonymous = _mirrored_nodes()

    def rename(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Anonymous):
            name = node.name.lower()
            if name in anonymous:
                return exp.Anonymous(this=_PREFIX + name, expressions=list(node.expressions))
        elif type(node) in typed:
            args = [a for a in node.args.values() if isinstance(a, exp.Expression)]
            return exp.Anonymous(this=_PREFIX + typed[type(node)], expressions=args)
        return node

    return tree.transform(rename).sql(dialect="spark")


@lru_cache(maxsize=1)
def _mirrored_nodes() -> tuple[dict[type, str], set[str]]:
    """How sqlglot parses each mirrored DuckDB function: its expression class, or a plain (anonymous) call."""
    import sqlglot
    from sqlglot import exp

    typed, anonymous = {}, set()
    for name, (nargs, _) in _MIRRORED.items():
        node = sqlglot.parse_one(f"{name}({', '.join('x' * nargs)})", read="duckdb")
        if isinstance(node, exp.Anonymous):
            anonymous.add(name)
        else:
            typed[type(node)] = name
    return typed, anonymous


def spark_settings(settings: dict[str, Any]) -> dict[str, Any]:
    """A copy of `settings` with every SQL condition and blocking rule in Spark's dialect."""
    import copy

    out = copy.deepcopy(settings)
    for comparison in out["comparisons"]:
        for level in comparison["comparison_levels"]:
            level["sql_condition"] = to_spark_sql(level["sql_condition"])
    rules = out.get("blocking_rules_to_generate_predictions", [])
    out["blocking_rules_to_generate_predictions"] = [
        {**r, "blocking_rule": to_spark_sql(r["blocking_rule"])} if isinstance(r, dict) else to_spark_sql(r)
        for r in rules]
    return out


_SPARK: Any = None


def spark_session() -> Any:
    """The active SparkSession, else a local[2] one started on first use and stopped at exit."""
    global _SPARK
    missing = spark_missing()
    if missing:
        raise LinkInputError(missing)
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    if _SPARK is None:
        # pyspark 4.2 warns on every pandas conversion that it is not yet tested with pandas 3 (hisab's pin).
        warnings.filterwarnings("ignore", "PySpark does not yet fully support pandas", FutureWarning)
        warnings.filterwarnings("ignore", "The copy keyword is deprecated", module=r"pyspark\.")
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # workers import hisab's packages (duckdb)
        conf_dir = Path(tempfile.mkdtemp(prefix="hisab-spark-"))
        (conf_dir / "log4j2.properties").write_text(_LOG4J, "utf-8")
        # C1 only: Splink sends many short queries, where the optimising JIT costs more CPU than it saves;
        # with the code cache raised, as C1's default 48 MB filled on 5,000 records and stopped compilation.
        java_opts = (f"-Dlog4j2.configurationFile=file:{conf_dir / 'log4j2.properties'} "
                     "-XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=256m")
        builder = (SparkSession.builder.master("local[2]").appName("hisab-link")
                   .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
                   .config("spark.sql.shuffle.partitions", "2").config("spark.sql.adaptive.enabled", "false")
                   .config("spark.sql.codegen.wholeStage", "false").config("spark.default.parallelism", "2")
                   .config("spark.driver.memory", "2g")
                   .config("spark.driver.extraJavaOptions", java_opts)
                   .config("spark.local.dir", str(conf_dir))
                   .config("spark.sql.warehouse.dir", str(conf_dir / "warehouse")))
        try:
            _SPARK = builder.getOrCreate()
        except Exception as e:  # the JVM did not start: wrong Java, no memory, ...
            shutil.rmtree(conf_dir, ignore_errors=True)
            raise LinkInputError(f"could not start Spark in local mode: {e}") from e
        _SPARK.sparkContext.setLogLevel("ERROR")
        _SPARK.sparkContext.setCheckpointDir(str(conf_dir / "checkpoints"))
        _SPARK_DIRS.append(conf_dir)
        atexit.register(stop_spark)
    return _SPARK


_SPARK_DIRS: list[Path] = []


def stop_spark() -> None:
    """Stop the local SparkSession this module started and remove its temporary folder (else a no-op)."""
    global _SPARK
    if _SPARK is not None:
        _SPARK.stop()
        _SPARK = None
    while _SPARK_DIRS:
        shutil.rmtree(_SPARK_DIRS.pop(), ignore_errors=True)


def spark_missing() -> str | None:
    """Why the spark backend cannot start on this machine (pyspark or Java absent), or None when it can."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "the spark backend needs pyspark: pip install 'pyspark>=4'"
    home = os.environ.get("JAVA_HOME")
    if shutil.which("java") is None and not (home and (Path(home) / "bin" / "java").exists()):
        return ("the spark backend needs Java 17 or later (Debian: apt-get install default-jre-headless); "
                "no 'java' on PATH or in JAVA_HOME")
    return None


def _spark_api(session: Any) -> Any:
    """Splink's SparkAPI whose sampling hash is DuckDB's (see the module docstring), persisting in memory."""
    from splink.backends.spark import SparkAPI
    from splink.internals.dialects import SparkDialect

    class DuckHashSparkDialect(SparkDialect):
        def hash_function_expression(self, col_expression: str) -> str:
            return f"CAST({_HASH_UDF}({col_expression}) AS DECIMAL(20, 0))"

        def hash_bucket_expression(self, col_expression: str, modulus: int) -> str:
            if modulus <= 0:
                raise ValueError("modulus must be positive")
            return f"({self.hash_function_expression(col_expression)} % {modulus})"

    class DuckHashSparkAPI(SparkAPI):
        sql_dialect = DuckHashSparkDialect()

        def _break_lineage_and_repartition(self, spark_df: Any, templated_name: str, physical_name: str) -> Any:
            # Splink's `persist` is lazy and leaves EM's agreement-pattern counts unstored, so each EM
            # iteration recomputed every comparison (Python UDFs included): 2-7 s an iteration on 400
            # records. Store each table Splink would persist, and those counts, once, when made.
            out = super()._break_lineage_and_repartition(spark_df, templated_name, physical_name)
            if out.is_cached or templated_name in _ALSO_STORED:
                stored = out.localCheckpoint(eager=True)
                out.unpersist()
                return stored
            return out

    return DuckHashSparkAPI(spark_session=session, break_lineage_method="persist", register_udfs_automatically=False,
                            num_partitions_on_repartition=2)


def _register_udfs(session: Any) -> None:
    from pyspark.sql.functions import ArrowUDFType, arrow_udf

    udfs = {_PREFIX + name: (_duckdb_udf(name, nargs, returns), returns)
            for name, (nargs, returns) in _MIRRORED.items()}
    udfs[_HASH_UDF] = (_duckdb_udf("hash", 1, "string", cast="VARCHAR"), "string")
    with warnings.catch_warnings():  # the type is given, not hinted: the bodies take any number of arrays
        warnings.filterwarnings("ignore", "It is preferred to specify type hints", UserWarning)
        for name, (body, returns) in udfs.items():
            session.udf.register(name, arrow_udf(body, returns, ArrowUDFType.SCALAR))


_ARROW_TYPES = {"double": "float64", "bigint": "int64", "string": "string"}


def _duckdb_udf(name: str, nargs: int, returns: str, cast: str | None = None) -> Any:
    """An Arrow UDF body computing DuckDB's function `name` on a batch (run in Spark's Python workers).

    Arrow in, Arrow out, on one DuckDB connection per task: a pandas UDF that converted each batch and
    opened a connection per batch spent twice as long per row (measured on 250,000 name pairs). The
    body imports only duckdb and pyarrow: a worker that imported hisab (and so Splink) would pay seconds
    each time Spark starts a fresh worker."""
    call = f"{name}({', '.join(f'a{i}' for i in range(nargs))})"
    sql = f"SELECT {f'CAST({call} AS {cast})' if cast else call} AS v FROM batch"  # noqa: S608
    arrow_type = _ARROW_TYPES[returns]
    state: dict[str, Any] = {}  # pickled with the function: one connection per task

    def evaluate(*columns: Any) -> Any:
        import duckdb
        import pyarrow as pa

        if "con" not in state:
            state["con"] = duckdb.connect()
            state["con"].execute("SET threads TO 1")  # Spark already runs one task per core
        con = state["con"]
        con.register("batch", pa.table({f"a{i}": c for i, c in enumerate(columns)}))
        try:
            result = con.sql(sql).to_arrow_table().column("v").combine_chunks()
        finally:
            con.unregister("batch")
        return result.cast(getattr(pa, arrow_type)())

    return evaluate
