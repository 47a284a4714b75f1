package io.feedlake.report;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Finds the named parameter markers ({@code :name}) a Spark SQL text uses, skipping string
 * literals, quoted identifiers, comments and {@code ::} casts, so the runner knows which
 * parameters a report needs before binding them through Spark's parameterized SQL.
 */
public final class SqlParameters {
  private SqlParameters() {}

  /** @return marker names in order of first appearance */
  public static Set<String> markers(String sql) {
    Set<String> names = new LinkedHashSet<>();
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '\'' || c == '"' || c == '`') {
        i = skipQuoted(sql, i, c);
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        int nl = sql.indexOf('\n', i);
        i = nl < 0 ? n : nl + 1;
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int end = sql.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
      } else if (c == ':' && i + 1 < n && sql.charAt(i + 1) == ':') {
        i += 2;
      } else if (c == ':' && i + 1 < n && isStart(sql.charAt(i + 1))
          && (i == 0 || !Character.isLetterOrDigit(sql.charAt(i - 1)))) {
        int j = i + 1;
        while (j < n && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
          j++;
        }
        names.add(sql.substring(i + 1, j));
        i = j;
      } else {
        i++;
      }
    }
    return names;
  }

  private static boolean isStart(char c) {
    return Character.isLetter(c) || c == '_';
  }

  private static int skipQuoted(String sql, int start, char quote) {
    int i = start + 1;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      if (c == '\\' && quote != '`') {
        i += 2;
      } else if (c == quote) {
        return i + 1;
      } else {
        i++;
      }
    }
    return i;
  }
}
