package io.feedlake.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.feedlake.FeedlakeException;
import io.feedlake.config.ReportSpec.Needs;
import io.feedlake.config.ReportSpec.OptionalColumn;
import io.feedlake.config.ReportSpec.OptionalColumns;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.AliasIdentifier;
import org.apache.spark.sql.catalyst.analysis.NameParameterizedQuery;
import org.apache.spark.sql.catalyst.analysis.UnresolvedRelation;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.SubqueryAlias;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import scala.collection.JavaConverters;
import scala.runtime.AbstractPartialFunction;

/**
 * Plans a report over a table that may lack some of the columns the report names (an Adobe feed
 * carries the columns its customer chose). The table's columns come from the catalog. When a
 * declared optional column is absent, the SQL is planned against a stand-in for the table: the
 * table's own columns plus each absent one as a NULL of its declared type (the SQL text is parsed
 * by Spark, its reference to the table replaced in the parsed plan, and the parameters bound as
 * {@code SparkSession.sql(String, Map)} binds them, never spliced). Then every output whose needed
 * columns are absent is set to NULL, and the result gets a last column {@code notes}: NULL when
 * every optional column is present, else one sentence per absent column (by name) and per NULL
 * output (in result order), joined by {@code "; "}. Runs on the driver; reads no data (the catalog answers the schema).
 */
final class OptionalColumnsPlanner {
  /** The name of the result column that says what was not computed or not filtered. */
  static final String NOTES = "notes";

  private OptionalColumnsPlanner() {}

  /**
   * A planned report query and its notes.
   *
   * @param query the analysed query, with the {@code notes} column last
   * @param notes the same notes, one per absent column and NULL output (empty when none)
   */
  record Planned(Dataset<Row> query, List<String> notes) {}

  /**
   * @param name the report name, for messages
   * @param optional the report's optional columns
   * @param sql the report's SQL
   * @param args bound parameter values by marker name
   * @throws FeedlakeException exit 2 when a declared type is not a Spark type, or an output named
   *     in {@code outputs} is not a result column
   * @throws org.apache.spark.sql.AnalysisException when the SQL cannot be parsed or planned
   */
  static Planned plan(SparkSession spark, String name, OptionalColumns optional, String sql, Map<String, Object> args)
      throws org.apache.spark.sql.AnalysisException {
    Dataset<Row> table = spark.table(optional.table());
    Set<String> present = Arrays.stream(table.columns()).map(c -> c.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    Set<String> absent = new LinkedHashSet<>();
    for (String c : optional.columns().keySet()) {
      if (!present.contains(c.toLowerCase(Locale.ROOT))) {
        absent.add(c);
      }
    }
    Dataset<Row> df = absent.isEmpty() ? spark.sql(sql, args) : Dataset.ofRows(spark,
        parameterized(spark.sessionState().sqlParser().parsePlan(sql), optional.table(), standIn(name, optional, table, absent), args));

    List<String> notes = new ArrayList<>();
    for (String c : absent) {
      OptionalColumn oc = optional.columns().get(c);
      notes.add(oc.note() != null ? oc.note() : c + " is not in " + optional.table() + ": read as NULL");
    }
    List<String> results = Arrays.asList(df.columns());
    for (String o : optional.outputs().keySet()) {
      if (!results.contains(o)) {
        throw FeedlakeException.usage(name + ".conf optional-columns.outputs." + o
            + ": the report has no output column '" + o + "' (columns: " + results + ")");
      }
    }
    Set<String> nulled = new LinkedHashSet<>();
    for (String o : results) {
      Needs needs = optional.outputs().get(o);
      List<String> missing = needs == null ? List.of() : needs.missing(absent);
      if (!missing.isEmpty()) {
        nulled.add(o);
        notes.add(o + " is NULL: " + optional.table() + " has no " + String.join(", ", missing));
      }
    }
    if (Arrays.asList(df.columns()).contains(NOTES)) {
      throw FeedlakeException.usage(name + ": the report already has an output column '" + NOTES
          + "', which optional-columns adds; rename it");
    }
    List<Column> out = new ArrayList<>();
    for (org.apache.spark.sql.types.StructField f : df.schema().fields()) {
      Column c = col("`" + f.name().replace("`", "``") + "`");
      out.add(nulled.contains(f.name()) ? lit(null).cast(f.dataType()).as(f.name()) : c);
    }
    out.add(lit(notes.isEmpty() ? null : String.join("; ", notes)).cast("string").as(NOTES));
    return new Planned(df.select(out.toArray(Column[]::new)), List.copyOf(notes));
  }

  /** The table's columns followed by each absent one as a typed NULL, under the table's alias. */
  private static LogicalPlan standIn(String name, OptionalColumns optional, Dataset<Row> table, Set<String> absent) {
    List<Column> cols = new ArrayList<>();
    for (String c : table.columns()) {
      cols.add(table.col("`" + c.replace("`", "``") + "`"));
    }
    for (String c : absent) {
      String type = optional.columns().get(c).type();
      DataType t;
      try {
        t = DataType.fromDDL(type);
      } catch (Exception e) {
        // Spark's ParseException is checked in Java but not declared.
        throw FeedlakeException.usage(name + ".conf optional-columns.columns." + c + ".type: '" + type
            + "' is not a Spark SQL type");
      }
      cols.add(lit(null).cast(t).as(c));
    }
    LogicalPlan own = table.queryExecution().analyzed();
    AliasIdentifier alias = own instanceof SubqueryAlias sa ? sa.identifier()
        : new AliasIdentifier(last(optional.table()), JavaConverters.asScalaBuffer(List.<String>of()).toList());
    return new SubqueryAlias(alias, table.select(cols.toArray(Column[]::new)).queryExecution().analyzed());
  }

  private static String last(String table) {
    return table.substring(table.lastIndexOf('.') + 1);
  }

  /** The parsed SQL with every reference to {@code table} replaced by the stand-in, parameters bound. */
  private static LogicalPlan parameterized(LogicalPlan parsed, String table, LogicalPlan standIn, Map<String, Object> args) {
    List<String> wanted = parts(Arrays.asList(table.split("\\.")));
    LogicalPlan replaced = parsed.transformUpWithSubqueries(new AbstractPartialFunction<LogicalPlan, LogicalPlan>() {
      @Override
      public boolean isDefinedAt(LogicalPlan p) {
        return p instanceof UnresolvedRelation r
            && parts(JavaConverters.seqAsJavaList(r.multipartIdentifier())).equals(wanted);
      }

      @Override
      public <A1 extends LogicalPlan, B1> B1 applyOrElse(A1 p, scala.Function1<A1, B1> otherwise) {
        @SuppressWarnings("unchecked")
        B1 result = isDefinedAt(p) ? (B1) standIn : otherwise.apply(p);
        return result;
      }
    });
    if (args.isEmpty()) {
      return replaced;
    }
    scala.collection.immutable.Map<String, Expression> bound = scala.collection.immutable.Map$.MODULE$.empty();
    for (Map.Entry<String, Object> e : args.entrySet()) {
      bound = bound.$plus(new scala.Tuple2<>(e.getKey(), functions.lit(e.getValue()).expr()));
    }
    return new NameParameterizedQuery(replaced, bound);
  }

  /** Lower-cased name parts without the session catalog's name. */
  private static List<String> parts(List<String> names) {
    List<String> p = names.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
    return p.size() > 1 && p.get(0).equals("spark_catalog") ? p.subList(1, p.size()) : p;
  }
}
