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
 */
public record ReportSpec(
    String name, String sql, String description, List<Param> params, String defaultFormat, Long maxScanBytes) {

  public ReportSpec {
    params = List.copyOf(params);
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
