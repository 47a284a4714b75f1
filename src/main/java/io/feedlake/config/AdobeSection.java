package io.feedlake.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import io.feedlake.config.JobSpec.AdobeSourceSpec;
import io.feedlake.config.JobSpec.LabelSpec;
import io.feedlake.config.JobSpec.LayoutSpec;
import io.feedlake.config.JobSpec.LookupSpec;
import io.feedlake.config.JobSpec.PartitionDate;
import io.feedlake.config.JobSpec.Schedule;
import io.feedlake.config.JobSpec.TableName;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An Adobe job ({@code source.type = adobe}): the {@code source.*} keys of {@link AdobeSourceSpec},
 * its layout and rules. The keys of payload sources ({@code source.topic}, {@code source.schema.*},
 * {@code conform.event-time.*}, {@code conform.dedupe.*}) are not read, and are a problem when set.
 */
final class AdobeSection {
  /** Report suite ids as they appear in Adobe file names. */
  static final Pattern REPORT_SUITE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  /** Output columns the Adobe source adds or reserves besides the delivery's own. */
  static final Set<String> ADOBE_RESERVED = Set.of("date", "hit_time_utc");

  /** Keys only kcat sources read; they have no default, so setting one for Adobe is a mistake. */
  static final List<String> KCAT_ONLY_KEYS =
      List.of("source.topic", "source.schema.ddl", "source.schema.avsc", "conform.event-time.field");

  /** Job keys with a default that an Adobe job does not read; set to another value, they are a problem. */
  static final List<String> ADOBE_UNUSED_WITH_DEFAULTS =
      List.of("source.drop", "conform.event-time.format", "conform.event-time.zone", "conform.event-time.locale",
          "conform.event-time.date-only", "conform.dedupe.key", "conform.dedupe.keep");

  private AdobeSection() {}

  /**
   * An Adobe job: the {@code source.*} keys of {@link AdobeSourceSpec}; the kcat-only keys
   * ({@code source.topic}, {@code source.schema.*}, {@code conform.*}) are not read.
   */
  static JobSpec read(String name, TableName table, Config c, Problems p, WrittenOrder order, Config reference) {
    String path = p.string(c, "source.path", "the directory or URI the Adobe deliveries land in");
    String rsid = p.string(c, "source.report-suite", "an Adobe report suite id such as examplersid");
    if (rsid != null && !REPORT_SUITE.matcher(rsid).matches()) {
      p.add("source.report-suite: '" + rsid + "' is not a report suite id (expected letters, digits, "
          + "'.', '-' and '_', as in Adobe's file names <rsid>_<date>.txt)");
    }
    ZoneId zone = p.zone(c, "source.time-zone");
    PartitionDate partitionDate =
        p.enumValue(c, "source.partition-date", PartitionDate.class, "local, utc", PartitionDate.LOCAL);
    Schedule schedule = p.enumValue(c, "source.schedule", Schedule.class, "daily, hourly", Schedule.DAILY);
    boolean allowFin = p.bool(c, "source.allow-fin");
    boolean allowUnmarked = p.bool(c, "source.allow-unmarked");
    List<LookupSpec> lookups = lookups(c, p);
    List<String> eventLists = p.stringList(c, "source.event-lists", "a list of Adobe column names");
    Map<String, String> rename = ConformSection.renames(c, p, order, "an object of adobe_column = new_name pairs");
    List<LabelSpec> labels = labels(c, p);
    for (String key : KCAT_ONLY_KEYS) {
      if (c.hasPath(key)) {
        p.add(key + ": not used by source.type adobe (the event time is date_time or hit_time_gmt and "
            + "the dedupe key is hitid_high, hitid_low; the columns come from column_headers.tsv)");
      }
    }
    for (String key : ADOBE_UNUSED_WITH_DEFAULTS) {
      if (c.hasPathOrNull(key) && !ConfigKeys.isDefault(reference, c, key)) {
        p.add(key + ": is set (" + c.getValue(key).render(ConfigRenderOptions.concise()) + ") but not used by "
            + "source.type adobe (the event time is date_time or hit_time_gmt in source.time-zone, the dedupe key "
            + "is hitid_high, hitid_low, and every delivered column is read); remove it");
      }
    }
    Set<String> added = new HashSet<>();
    lookups.forEach(l -> outputName(p, "source.lookups", l.name(), added));
    labels.forEach(l -> outputName(p, "source.labels", l.name(), added));
    rename.values().forEach(n -> outputName(p, "source.rename", n, added));
    LayoutSpec layout = LayoutSection.read(c, p);
    Rules rules = RulesSection.read(c, p, order, reference);
    if (p.any()) {
      return null;
    }
    return new JobSpec(
        name,
        table,
        new AdobeSourceSpec(path, rsid, zone, partitionDate, schedule, allowFin, allowUnmarked, lookups,
            eventLists, rename, labels),
        null,
        layout,
        rules);
  }

  /** Adobe deliveries are ready when their manifest is: a {@code source.ready} rule would be ignored. */
  static void refuseReadyRule(Config c, Problems p) {
    if (c.hasPath("source.ready") && !"any".equals(c.getString("source.ready"))) {
      p.add("source.ready: an adobe delivery is ready when its manifest is there (got '"
          + c.getString("source.ready") + "'; remove it)");
    }
  }

  static void outputName(Problems p, String key, String name, Set<String> seen) {
    if (name == null) {
      return;
    }
    p.identifier(key, name);
    if (ADOBE_RESERVED.contains(name) || name.startsWith("_")) {
      p.add(key + ": output column '" + name + "' is reserved (date, hit_time_utc and names "
          + "starting with _ are feedlake's)");
    } else if (!seen.add(name)) {
      p.add(key + ": output column '" + name + "' is produced twice by source.lookups, "
          + "source.labels and source.rename");
    }
  }

  static List<LookupSpec> lookups(Config c, Problems p) {
    List<LookupSpec> out = new ArrayList<>();
    List<Map<String, Object>> items =
        ObjectLists.read(c, p, "source.lookups", Set.of("name", "column", "file"), Set.of());
    for (int i = 0; i < items.size(); i++) {
      Map<String, Object> o = items.get(i);
      String where = "source.lookups[" + i + "]";
      String name = ObjectLists.text(p, o, where, "name");
      String column = ObjectLists.text(p, o, where, "column");
      String file = ObjectLists.text(p, o, where, "file");
      if (name != null && column != null && file != null) {
        out.add(new LookupSpec(name, column, file));
      }
    }
    return out;
  }

  static List<LabelSpec> labels(Config c, Problems p) {
    List<LabelSpec> out = new ArrayList<>();
    List<Map<String, Object>> items =
        ObjectLists.read(c, p, "source.labels", Set.of("column", "name", "values"), Set.of("otherwise"));
    for (int i = 0; i < items.size(); i++) {
      Map<String, Object> o = items.get(i);
      String where = "source.labels[" + i + "]";
      String column = ObjectLists.text(p, o, where, "column");
      String name = ObjectLists.text(p, o, where, "name");
      String otherwise = o.get("otherwise") == null ? null : ObjectLists.text(p, o, where, "otherwise");
      Map<String, String> values = new LinkedHashMap<>();
      if (o.get("values") instanceof Map<?, ?> m && !m.isEmpty()) {
        m.forEach((k, v) -> {
          if (v instanceof Map<?, ?> || v instanceof List<?> || v == null) {
            p.add(where + ".values." + k + ": expected a label, got " + v);
          } else {
            values.put(String.valueOf(k), String.valueOf(v));
          }
        });
      } else {
        p.add(where + ".values: expected an object of code = label pairs, got " + o.get("values"));
      }
      if (column != null && name != null) {
        out.add(new LabelSpec(column, name, values, otherwise));
      }
    }
    return out;
  }
}
