package io.feedlake.catalog.glue;

import io.feedlake.FeedlakeException;
import io.feedlake.catalog.PartitionBatchResult;
import io.feedlake.catalog.SparkSessionCatalog;
import io.feedlake.catalog.TableShape;
import io.feedlake.config.JobSpec.TableName;
import io.feedlake.config.Rules.SchemaEvolution;
import io.feedlake.ExitCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.StringJoiner;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.UnresolvedRelation;
import org.apache.spark.sql.catalyst.catalog.HiveTableRelation;
import org.apache.spark.sql.catalyst.expressions.And;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.BinaryComparison;
import org.apache.spark.sql.catalyst.expressions.EqualTo;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.GreaterThan;
import org.apache.spark.sql.catalyst.expressions.GreaterThanOrEqual;
import org.apache.spark.sql.catalyst.expressions.In;
import org.apache.spark.sql.catalyst.expressions.InSet;
import org.apache.spark.sql.catalyst.expressions.LessThan;
import org.apache.spark.sql.catalyst.expressions.LessThanOrEqual;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.Or;
import org.apache.spark.sql.catalyst.plans.logical.Filter;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.execution.datasources.LogicalRelation;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.collection.JavaConverters;

/**
 * Makes Spark's session catalog show, for one query, the Glue tables it reads and only the
 * partitions it needs, read from Glue in this process: with {@code catalog.type = glue} a report
 * in a fresh process (a new pod, the next Airflow task) sees what Glue holds, not a local mirror
 * that only the process that ingested has filled.
 *
 * <p>For each table the query names that Glue has: the session catalog's table is re-created from
 * Glue's ({@code GetTable}; external, so no data is touched) with no partitions; the query is
 * planned against it, and the optimized plan's filters on the table's {@code date} column become a
 * Glue {@code GetPartitions} {@code Expression} ({@code =}, {@code <}, {@code <=}, {@code >}, {@code
 * >=}, {@code IN}, {@code AND}, {@code OR} over string literals; a conjunct that cannot be written in
 * Glue's syntax is left out, so Glue returns a superset and Spark filters the rest); the partitions
 * returned are registered in the session catalog. A query with no such filter reads every partition
 * (the report guardrails refuse it unless allowed). Partitions of the session catalog outside the
 * returned set are gone after this, by the re-creation, so a partition dropped from Glue by another
 * process (rollback, retention) is not read. Runs on the driver; Glue errors are exit 5.
 *
 * <p>Glue's expression syntax: the AWS Glue API reference, GetPartitions, "Expression".
 */
public final class GlueSessionTables {
  private final SparkSession spark;
  private final GlueCatalog glue;
  private final String defaultDatabase;

  /** What was loaded for one table: the expression sent (null: none) and the partitions returned. */
  public record Loaded(String table, String expression, int partitions) {}

  /**
   * @param spark the session whose catalog the query runs on
   * @param glue the Glue catalog of record
   * @param defaultDatabase the database of unqualified table names ({@code catalog.default-database})
   */
  public GlueSessionTables(SparkSession spark, GlueCatalog glue, String defaultDatabase) {
    this.spark = spark;
    this.glue = glue;
    this.defaultDatabase = defaultDatabase;
  }

  /**
   * Loads the Glue tables and pruned partitions a query needs into the session catalog.
   *
   * @param sql the query, with {@code :name} parameter markers
   * @param args the bound parameter values
   * @return per Glue table the query names, what was asked of Glue and how many partitions came back
   * @throws FeedlakeException exit 5 when Glue fails, exit 2 when the SQL does not parse
   */
  public List<Loaded> load(String sql, Map<String, Object> args) {
    Set<TableName> named = new LinkedHashSet<>();
    LogicalPlan parsed;
    try {
      parsed = spark.sessionState().sqlParser().parsePlan(sql);
    } catch (org.apache.spark.sql.catalyst.parser.ParseException | RuntimeException e) {
      throw FeedlakeException.usage("Cannot parse the query: " + e.getMessage().lines().filter(l -> !l.isBlank())
          .findFirst().orElse("").strip());
    }
    collectRelations(parsed, named);
    Map<TableName, TableShape> shapes = new LinkedHashMap<>();
    SparkSessionCatalog local = new SparkSessionCatalog(spark);
    for (TableName t : named) {
      glue.table(t).ifPresent(shape -> {
        shapes.put(t, shape);
        spark.sql("DROP TABLE IF EXISTS `" + t.database() + "`.`" + t.table() + "`");
        local.ensureTable(t, dataColumns(shape), shape.location(), SchemaEvolution.PERMISSIVE);
      });
    }
    if (shapes.isEmpty()) {
      return List.of();
    }
    LogicalPlan optimized = spark.sql(sql, toScala(args)).queryExecution().optimizedPlan();
    Map<TableName, List<String>> predicates = new LinkedHashMap<>();
    collectDatePredicates(optimized, shapes.keySet(), predicates);
    List<Loaded> out = new ArrayList<>();
    for (TableName t : shapes.keySet()) {
      List<String> conjuncts = predicates.getOrDefault(t, List.of());
      String expression = conjuncts.isEmpty() ? null : String.join(" AND ", new LinkedHashSet<>(conjuncts));
      SortedMap<String, String> partitions = glue.partitionLocations(t, expression);
      PartitionBatchResult r = local.registerPartitions(t, partitions);
      if (!r.succeeded()) {
        throw new FeedlakeException(ExitCode.TRANSIENT, "Cannot register the Glue partitions of " + t.qualified()
            + " in the session catalog: " + r.failed());
      }
      spark.catalog().refreshTable(t.qualified());
      out.add(new Loaded(t.qualified(), expression, partitions.size()));
    }
    return out;
  }

  private static scala.collection.immutable.Map<String, Object> toScala(Map<String, Object> args) {
    scala.collection.immutable.Map<String, Object> m = scala.collection.immutable.Map$.MODULE$.empty();
    for (Map.Entry<String, Object> e : args.entrySet()) {
      m = m.updated(e.getKey(), e.getValue());
    }
    return m;
  }

  private static StructType dataColumns(TableShape shape) {
    List<StructField> fields = new ArrayList<>();
    for (TableShape.Column c : shape.columns()) {
      fields.add(new StructField(c.name(), c.dataType(), true, org.apache.spark.sql.types.Metadata.empty()));
    }
    return new StructType(fields.toArray(StructField[]::new));
  }

  private void collectRelations(LogicalPlan plan, Set<TableName> out) {
    if (plan instanceof UnresolvedRelation r) {
      List<String> parts = JavaConverters.seqAsJavaList(r.multipartIdentifier());
      if (parts.size() == 1) {
        out.add(new TableName(defaultDatabase, parts.get(0).toLowerCase(Locale.ROOT)));
      } else if (parts.size() == 2) {
        out.add(new TableName(parts.get(0).toLowerCase(Locale.ROOT), parts.get(1).toLowerCase(Locale.ROOT)));
      }
    }
    for (LogicalPlan child : JavaConverters.seqAsJavaList(plan.children())) {
      collectRelations(child, out);
    }
    // Subqueries in expressions (IN (SELECT ...), EXISTS) and CTE definitions are plans too.
    for (Object sub : JavaConverters.seqAsJavaList(plan.innerChildren())) {
      if (sub instanceof LogicalPlan p) {
        collectRelations(p, out);
      }
    }
    for (Expression e : JavaConverters.seqAsJavaList(plan.expressions())) {
      collectSubqueryRelations(e, out);
    }
  }

  private void collectSubqueryRelations(Expression e, Set<TableName> out) {
    if (e instanceof org.apache.spark.sql.catalyst.expressions.SubqueryExpression s) {
      collectRelations(s.plan(), out);
    }
    for (Expression c : JavaConverters.seqAsJavaList(e.children())) {
      collectSubqueryRelations(c, out);
    }
  }

  /** Filters directly above a table's relation (after pushdown), as Glue conjuncts per table. */
  private static void collectDatePredicates(LogicalPlan plan, Set<TableName> tables, Map<TableName, List<String>> out) {
    if (plan instanceof Filter f) {
      Attribute date = null;
      TableName table = null;
      LogicalPlan child = f.child();
      // A Project between the filter and the scan keeps the attribute ids.
      while (child instanceof org.apache.spark.sql.catalyst.plans.logical.Project p) {
        child = p.child();
      }
      TableName t = tableOf(child);
      if (t != null && tables.contains(t)) {
        for (Attribute a : JavaConverters.seqAsJavaList(child.output())) {
          if (a.name().equalsIgnoreCase("date")) {
            date = a;
            table = t;
          }
        }
      }
      if (date != null) {
        for (Expression conjunct : conjuncts(f.condition())) {
          String glueExpr = glueExpression(conjunct, date);
          if (glueExpr != null) {
            out.computeIfAbsent(table, k -> new ArrayList<>()).add(glueExpr);
          }
        }
      }
    }
    for (LogicalPlan child : JavaConverters.seqAsJavaList(plan.children())) {
      collectDatePredicates(child, tables, out);
    }
    for (Expression e : JavaConverters.seqAsJavaList(plan.expressions())) {
      collectSubqueryPredicates(e, tables, out);
    }
  }

  private static void collectSubqueryPredicates(Expression e, Set<TableName> tables, Map<TableName, List<String>> out) {
    if (e instanceof org.apache.spark.sql.catalyst.expressions.SubqueryExpression s) {
      collectDatePredicates(s.plan(), tables, out);
    }
    for (Expression c : JavaConverters.seqAsJavaList(e.children())) {
      collectSubqueryPredicates(c, tables, out);
    }
  }

  private static TableName tableOf(LogicalPlan plan) {
    scala.Option<org.apache.spark.sql.catalyst.catalog.CatalogTable> t = scala.Option.empty();
    if (plan instanceof LogicalRelation r) {
      t = r.catalogTable();
    } else if (plan instanceof HiveTableRelation h) {
      t = scala.Option.apply(h.tableMeta());
    }
    if (t.isEmpty() || t.get().identifier().database().isEmpty()) {
      return null;
    }
    return new TableName(t.get().identifier().database().get().toLowerCase(Locale.ROOT),
        t.get().identifier().table().toLowerCase(Locale.ROOT));
  }

  private static List<Expression> conjuncts(Expression e) {
    List<Expression> out = new ArrayList<>();
    if (e instanceof And a) {
      out.addAll(conjuncts(a.left()));
      out.addAll(conjuncts(a.right()));
    } else {
      out.add(e);
    }
    return out;
  }

  /**
   * A predicate over {@code date} in Glue's syntax, or null when it is not one Glue can evaluate
   * (it then stays with Spark alone).
   */
  static String glueExpression(Expression e, Attribute date) {
    if (e instanceof And a) {
      String l = glueExpression(a.left(), date);
      String r = glueExpression(a.right(), date);
      return l == null ? r : r == null ? l : "(" + l + " AND " + r + ")";
    }
    if (e instanceof Or o) {
      String l = glueExpression(o.left(), date);
      String r = glueExpression(o.right(), date);
      return l == null || r == null ? null : "(" + l + " OR " + r + ")";
    }
    if (e instanceof BinaryComparison c && !(c instanceof org.apache.spark.sql.catalyst.expressions.EqualNullSafe)) {
      String op = e instanceof EqualTo ? "=" : e instanceof LessThan ? "<" : e instanceof LessThanOrEqual ? "<="
          : e instanceof GreaterThan ? ">" : e instanceof GreaterThanOrEqual ? ">=" : null;
      if (op == null) {
        return null;
      }
      if (isDate(c.left(), date) && stringLiteral(c.right()) != null) {
        return "date " + op + " " + stringLiteral(c.right());
      }
      if (isDate(c.right(), date) && stringLiteral(c.left()) != null) {
        return "date " + flip(op) + " " + stringLiteral(c.left());
      }
      return null;
    }
    if (e instanceof In in && isDate(in.value(), date)) {
      StringJoiner values = new StringJoiner(", ", "date IN (", ")");
      for (Expression v : JavaConverters.seqAsJavaList(in.list())) {
        String s = stringLiteral(v);
        if (s == null) {
          return null;
        }
        values.add(s);
      }
      return values.toString();
    }
    if (e instanceof InSet in && isDate(in.child(), date)) {
      List<String> values = new ArrayList<>();
      for (Object v : JavaConverters.setAsJavaSet(in.hset())) {
        if (!(v instanceof org.apache.spark.unsafe.types.UTF8String)) {
          return null;
        }
        values.add(quote(v.toString()));
      }
      values.sort(null);
      return "date IN (" + String.join(", ", values) + ")";
    }
    return null;
  }

  private static boolean isDate(Expression e, Attribute date) {
    return e instanceof Attribute a && a.exprId().equals(date.exprId());
  }

  private static String stringLiteral(Expression e) {
    if (e instanceof Literal l && l.value() instanceof org.apache.spark.unsafe.types.UTF8String s) {
      return quote(s.toString());
    }
    return null;
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  private static String flip(String op) {
    return switch (op) {
      case "<" -> ">";
      case "<=" -> ">=";
      case ">" -> "<";
      case ">=" -> "<=";
      default -> op;
    };
  }
}
