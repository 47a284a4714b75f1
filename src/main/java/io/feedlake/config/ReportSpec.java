package io.feedlake.config;

import java.util.List;

/**
 * A report: {@code jobs/reports/<name>.sql} and its optional {@code <name>.conf}.
 *
 * @param name report name (the file name without {@code .sql})
 * @param sql the query text, with named parameter markers such as {@code :date}
 * @param description one line for {@code report list}
 * @param params the parameters, in declaration order; every marker in the SQL is one of them
 * @param defaultFormat output format when none is asked for ({@code table}, {@code csv},
 *     {@code json}, {@code parquet}), or null
 * @param maxScanBytes the report's own scan limit in bytes, or null for {@code
 *     report.max-scan-bytes}
 * @param optionalColumns the columns of its table the report can do without, or null when it needs
 *     every column it names
 */
public record ReportSpec(
    String name, String sql, String description, List<Param> params, String defaultFormat, Long maxScanBytes,
    OptionalColumns optionalColumns) {

  public ReportSpec {
    params = List.copyOf(params);
  }

  /** A report that needs every column it names. */
  public ReportSpec(
      String name, String sql, String description, List<Param> params, String defaultFormat, Long maxScanBytes) {
    this(name, sql, description, params, defaultFormat, maxScanBytes, null);
  }

  /**
   * The columns of one table that a report runs without ({@code optional-columns} in its {@code
   * .conf}). A column the table lacks is read as a typed NULL (write filters on it so that NULL
   * passes, e.g. {@code coalesce(hit_source, 0) NOT IN (...)}, and the filter is then not applied);
   * an output whose needed columns are absent is NULL; each case adds a note to the result.
   *
   * @param table the table, as the SQL names it (e.g. {@code beta.adobe_clickstream})
   * @param columns column name to its stand-in type and note, sorted by name (HOCON objects keep no
   *     order)
   * @param outputs output column name to the columns it needs
   */
  public record OptionalColumns(String table, java.util.Map<String, OptionalColumn> columns,
      java.util.Map<String, Needs> outputs) {
    public OptionalColumns {
      columns = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(columns));
      outputs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(outputs));
    }
  }

  /**
   * @param type Spark SQL type of the stand-in NULL (e.g. {@code smallint}, {@code decimal(20,0)})
   * @param note what the result lacks when the column is absent (e.g. which filter was not
   *     applied), or null for a generic note
   */
  public record OptionalColumn(String type, String note) {}

  /**
   * What an output column needs: it is NULL when one of {@code allOf} is absent, or when every
   * one of {@code anyOf} is (when {@code anyOf} is not empty).
   *
   * @param allOf columns that must all be present
   * @param anyOf columns of which one is enough
   */
  public record Needs(List<String> allOf, List<String> anyOf) {
    public Needs {
      allOf = List.copyOf(allOf);
      anyOf = List.copyOf(anyOf);
    }

    /** The columns, of those given as absent, that make the output NULL; empty when it can be computed. */
    public List<String> missing(java.util.Set<String> absent) {
      List<String> out = new java.util.ArrayList<>(allOf.stream().filter(absent::contains).toList());
      if (!anyOf.isEmpty() && absent.containsAll(anyOf)) {
        out.addAll(anyOf);
      }
      return out;
    }
  }

  /** Parameter types. Values are validated in Java, then bound through Spark's parameterized SQL. */
  public enum ParamType {
    /** An ISO date {@code YYYY-MM-DD}, bound as that text (partition values are text). */
    DATE,
    /** Text, optionally restricted to an allowed set. */
    STRING,
    /** A 64-bit integer. */
    INT
  }

  /**
   * @param name marker name without the colon
   * @param type value type
   * @param allowed for strings: the only values accepted (empty means any)
   * @param defaultValue value used when none is given, or null when the parameter is required
   * @param description one line for {@code report list}
   */
  public record Param(String name, ParamType type, List<String> allowed, String defaultValue, String description) {
    public Param {
      allowed = List.copyOf(allowed);
    }
  }
}
