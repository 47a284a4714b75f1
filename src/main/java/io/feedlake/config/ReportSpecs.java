package io.feedlake.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.feedlake.FeedlakeException;
import io.feedlake.config.ReportSpec.Param;
import io.feedlake.config.ReportSpec.ParamType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Loads report definitions: {@code <dir>/<name>.sql} and the optional {@code <name>.conf}
 * (HOCON: {@code description}, {@code format}, {@code max-scan-bytes}, and {@code params { name {
 * type = date|string|int, allowed = [...], default = ..., description = ... } }}, and {@code
 * optional-columns}, see {@link ReportSpec.OptionalColumns}). Without a
 * {@code .conf}, the parameters are the SQL's markers: {@code :date}, {@code :from} and {@code :to}
 * are dates, any other is a string.
 */
public final class ReportSpecs {
  private ReportSpecs() {}

  /** Report names in a directory (files ending {@code .sql}), sorted. */
  public static List<String> names(String dir) {
    Path d = Paths.get(dir);
    if (!Files.isDirectory(d)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(d)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql"))
          .map(n -> n.substring(0, n.length() - 4)).sorted().toList();
    } catch (IOException e) {
      throw FeedlakeException.usage("Cannot list reports in " + d + ": " + e.getMessage());
    }
  }

  /**
   * Loads and checks one report.
   *
   * @param markers the parameter markers the SQL uses (from {@code SqlParameters.markers})
   * @throws FeedlakeException exit 2 when the report does not exist
   * @throws ConfigException exit 2 listing every problem of its {@code .conf}
   */
  public static ReportSpec load(String dir, String name, java.util.function.Function<String, Set<String>> markers) {
    Path sqlFile = NamedFiles.inside(dir, name, ".sql", "report");
    if (!Files.isRegularFile(sqlFile)) {
      throw FeedlakeException.usage("No report '" + name + "': " + sqlFile + " does not exist (reports: " + names(dir) + ")");
    }
    String sql;
    try {
      sql = Files.readString(sqlFile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw FeedlakeException.usage("Cannot read report " + sqlFile + ": " + e.getMessage());
    }
    Set<String> used = markers.apply(sql);
    Path confFile = Paths.get(dir, name + ".conf");
    if (!Files.isRegularFile(confFile)) {
      List<Param> params = new ArrayList<>();
      for (String m : used) {
        ParamType t = Set.of("date", "from", "to").contains(m) ? ParamType.DATE : ParamType.STRING;
        params.add(new Param(m, t, List.of(), null, ""));
      }
      return new ReportSpec(name, sql, "", params, null, null);
    }
    String prefix = confFile.getFileName() + ": ";
    List<String> problems = new ArrayList<>();
    Config c;
    try {
      c = ConfigFactory.parseFile(confFile.toFile()).resolve();
    } catch (com.typesafe.config.ConfigException e) {
      throw new ConfigException(List.of(prefix + "cannot be parsed as HOCON: " + e.getMessage()));
    }
    for (String key : c.root().keySet()) {
      if (!Set.of("description", "format", "max-scan-bytes", "params", "optional-columns").contains(key)) {
        problems.add(prefix + key + ": unknown key (expected description, format, max-scan-bytes, params, optional-columns)");
      }
    }
    String description = c.hasPath("description") ? text(c, "description", prefix, problems) : "";
    String format = null;
    if (c.hasPath("format")) {
      format = text(c, "format", prefix, problems);
      format = format == null ? null : format.toLowerCase(Locale.ROOT);
      if (format != null && !Set.of("table", "csv", "json", "parquet").contains(format)) {
        problems.add(prefix + "format: '" + format + "' is not supported (expected table, csv, json or parquet)");
      }
    }
    Long maxScan = null;
    if (c.hasPath("max-scan-bytes")) {
      try {
        maxScan = c.getBytes("max-scan-bytes");
      } catch (com.typesafe.config.ConfigException e) {
        problems.add(prefix + "max-scan-bytes: expected a size such as 1 GiB, got "
            + c.getValue("max-scan-bytes").render(ConfigRenderOptions.concise()));
      }
    }
    List<Param> params = new ArrayList<>();
    Set<String> declared = new LinkedHashSet<>();
    ConfigValue paramsValue = c.hasPath("params") ? c.getValue("params") : null;
    if (paramsValue != null && !(paramsValue instanceof ConfigObject)) {
      problems.add(prefix + "params: expected an object of name = { type = ... } entries, got "
          + paramsValue.render(ConfigRenderOptions.concise()));
    } else if (paramsValue != null) {
      for (Map.Entry<String, ConfigValue> e : ((ConfigObject) paramsValue).entrySet()) {
        String p = e.getKey();
        declared.add(p);
        String key = prefix + "params." + p;
        if (!(e.getValue() instanceof ConfigObject paramObject)) {
          problems.add(key + ": expected an object such as { type = date }, got "
              + e.getValue().render(ConfigRenderOptions.concise()));
          continue;
        }
        Config pc = paramObject.toConfig();
        ParamType type = null;
        String t = pc.hasPath("type") ? text(pc, "type", key + ".", problems) : null;
        try {
          type = t == null ? null : ParamType.valueOf(t.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException ex) {
          type = null;
        }
        if (type == null && t == null && pc.hasPath("type")) {
          continue;
        } else if (type == null) {
          problems.add(key + ".type: " + (t == null ? "missing" : "'" + t + "' is not supported") + " (expected date, string or int)");
          continue;
        }
        List<String> allowed = List.of();
        if (pc.hasPath("allowed")) {
          try {
            allowed = pc.getStringList("allowed");
          } catch (com.typesafe.config.ConfigException ex) {
            problems.add(key + ".allowed: expected a list of values, got "
                + pc.getValue("allowed").render(ConfigRenderOptions.concise()));
          }
        }
        String def = pc.hasPath("default") ? text(pc, "default", key + ".", problems) : null;
        if (def != null && !allowed.isEmpty() && !allowed.contains(def)) {
          problems.add(key + ".default: '" + def + "' is not in allowed " + allowed);
        }
        String paramDescription = pc.hasPath("description") ? text(pc, "description", key + ".", problems) : "";
        params.add(new Param(p, type, allowed, def, paramDescription == null ? "" : paramDescription));
      }
    }
    for (String m : used) {
      if (!declared.contains(m)) {
        problems.add(prefix + "the SQL uses :" + m + " but params declares no '" + m + "'");
      }
    }
    for (String d : declared) {
      if (!used.contains(d)) {
        problems.add(prefix + "params." + d + " is declared but the SQL has no :" + d + " marker");
      }
    }
    ReportSpec.OptionalColumns optional = c.hasPath("optional-columns") ? optionalColumns(c, prefix, problems) : null;
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    List<String> order = new ArrayList<>(used);
    params.sort(java.util.Comparator.comparingInt(p -> order.indexOf(p.name())));
    return new ReportSpec(name, sql, description, params, format, maxScan, optional);
  }

  /**
   * Reads {@code optional-columns { table = db.t, columns { col { type = smallint, note = "..." } },
   * outputs { out = [col, ...] | { any-of = [col, ...], all-of = [col, ...] } } }}.
   */
  private static ReportSpec.OptionalColumns optionalColumns(Config root, String prefix, List<String> problems) {
    String at = prefix + "optional-columns";
    Config c;
    try {
      c = root.getConfig("optional-columns");
    } catch (com.typesafe.config.ConfigException e) {
      problems.add(at + ": expected an object { table, columns, outputs }, got " + root.getValue("optional-columns").render());
      return null;
    }
    for (String key : c.root().keySet()) {
      if (!Set.of("table", "columns", "outputs").contains(key)) {
        problems.add(at + "." + key + ": unknown key (expected table, columns, outputs)");
      }
    }
    String table = c.hasPath("table") && c.getValue("table").valueType() == com.typesafe.config.ConfigValueType.STRING
        ? c.getString("table") : null;
    if (table == null || table.isBlank()) {
      problems.add(at + ".table: missing (the table the columns belong to, as the SQL names it, e.g. beta.adobe_clickstream)");
    }
    // HOCON objects keep no order: columns are sorted by name so that notes come in a stable order.
    Map<String, ReportSpec.OptionalColumn> columns = new java.util.TreeMap<>();
    if (c.hasPath("columns")) {
      for (Map.Entry<String, ConfigValue> e : c.getObject("columns").entrySet()) {
        String key = at + ".columns." + e.getKey();
        if (!(e.getValue() instanceof com.typesafe.config.ConfigObject o)) {
          problems.add(key + ": expected { type = ..., note = \"...\" }, got " + e.getValue().render());
          continue;
        }
        Config col = o.toConfig();
        for (String k : col.root().keySet()) {
          if (!Set.of("type", "note").contains(k)) {
            problems.add(key + "." + k + ": unknown key (expected type, note)");
          }
        }
        String type = col.hasPath("type") ? col.getString("type") : "string";
        columns.put(e.getKey(), new ReportSpec.OptionalColumn(type, col.hasPath("note") ? col.getString("note") : null));
      }
    }
    Map<String, ReportSpec.Needs> outputs = new java.util.TreeMap<>();
    if (c.hasPath("outputs")) {
      for (Map.Entry<String, ConfigValue> e : c.getObject("outputs").entrySet()) {
        String key = at + ".outputs." + e.getKey();
        List<String> allOf = List.of();
        List<String> anyOf = List.of();
        try {
          if (e.getValue() instanceof com.typesafe.config.ConfigObject o) {
            Config needs = o.toConfig();
            for (String k : needs.root().keySet()) {
              if (!Set.of("all-of", "any-of").contains(k)) {
                problems.add(key + "." + k + ": unknown key (expected all-of, any-of)");
              }
            }
            allOf = needs.hasPath("all-of") ? needs.getStringList("all-of") : List.of();
            anyOf = needs.hasPath("any-of") ? needs.getStringList("any-of") : List.of();
          } else {
            allOf = c.getStringList("outputs." + com.typesafe.config.ConfigUtil.quoteString(e.getKey()));
          }
        } catch (com.typesafe.config.ConfigException ex) {
          problems.add(key + ": expected a list of column names or { all-of = [...], any-of = [...] }, got "
              + e.getValue().render());
          continue;
        }
        for (String n : concat(allOf, anyOf)) {
          if (!columns.containsKey(n)) {
            problems.add(key + ": '" + n + "' is not one of optional-columns.columns " + columns.keySet());
          }
        }
        outputs.put(e.getKey(), new ReportSpec.Needs(allOf, anyOf));
      }
    }
    return new ReportSpec.OptionalColumns(table, columns, outputs);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  /** A plain value as text; null, and a problem naming {@code prefix + key} and the value, otherwise. */
  private static String text(Config c, String key, String prefix, List<String> problems) {
    ConfigValue v = c.getValue(key);
    if (v.valueType() == ConfigValueType.OBJECT || v.valueType() == ConfigValueType.LIST) {
      problems.add(prefix + key + ": expected a string, got " + v.render(ConfigRenderOptions.concise()));
      return null;
    }
    return String.valueOf(v.unwrapped());
  }
}
