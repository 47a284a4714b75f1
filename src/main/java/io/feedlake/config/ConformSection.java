package io.feedlake.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.feedlake.config.JobSpec.ConformSpec;
import io.feedlake.config.JobSpec.EventTimeFormat;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code conform.event-time.*}, {@code conform.dedupe.*}, {@code source.rename} and {@code
 * source.drop} keys of a job whose records carry a declared payload: its {@link ConformSpec}.
 * {@code conform.dedupe.keep} is read by {@link #keep} after the layout and the rules, so that
 * problems are listed in the order the keys were always checked.
 */
final class ConformSection {
  /** Names of {@code conform.event-time.format} besides a pattern. */
  static final Map<String, EventTimeFormat> EVENT_TIME_KEYWORDS =
      Map.of(
          "iso8601", EventTimeFormat.ISO8601,
          "epoch-seconds", EventTimeFormat.EPOCH_SECONDS,
          "epoch-millis", EventTimeFormat.EPOCH_MILLIS,
          "epoch-micros", EventTimeFormat.EPOCH_MICROS,
          "epoch-ms", EventTimeFormat.EPOCH_MILLIS,
          "epoch-s", EventTimeFormat.EPOCH_SECONDS);

  static final String EVENT_TIME_FORMATS =
      "iso8601, epoch-seconds, epoch-millis, epoch-micros, or a java.time DateTimeFormatter pattern such as "
          + "EEE MMM dd HH:mm:ss Z yyyy";

  /** What {@link #read} found: everything of the {@link ConformSpec} but the dedupe keep rule. */
  record Read(String field, EventTimeFormat format, ZoneId zone, List<String> dedupeKey,
      JobSpec.EventTimeParsing parsing, Map<String, String> payloadNames, List<String> drops) {
    /** The spec with its keep rule. */
    ConformSpec with(JobSpec.DedupeKeep keep) {
      return new ConformSpec(field, format, zone, dedupeKey, keep, parsing, payloadNames, drops);
    }
  }

  private ConformSection() {}

  /** Reads the event time, the dedupe key, {@code source.rename} and {@code source.drop}. */
  static Read read(Config c, Problems p, WrittenOrder order) {
    String field = p.string(c, "conform.event-time.field", "a flattened payload column name");
    String formatText = p.string(c, "conform.event-time.format", EVENT_TIME_FORMATS);
    EventTimeFormat format = null;
    String pattern = null;
    Locale locale = locale(c, p);
    if (formatText != null) {
      format = EVENT_TIME_KEYWORDS.get(formatText.trim().toLowerCase(Locale.ROOT).replace('_', '-'));
      if (format == null) {
        pattern = formatText;
        format = EventTimeFormat.PATTERN;
        try {
          java.time.format.DateTimeFormatter.ofPattern(pattern, locale == null ? Locale.ROOT : locale);
        } catch (IllegalArgumentException e) {
          p.add("conform.event-time.format: '" + formatText + "' is not supported (expected " + EVENT_TIME_FORMATS
              + "; as a pattern: " + e.getMessage() + ")");
          format = null;
        }
      }
    }
    String dateOnly = p.string(c, "conform.event-time.date-only", "refused or allowed");
    boolean dateOnlyAllowed = false;
    if (dateOnly != null && !dateOnly.equals("refused") && !dateOnly.equals("allowed")) {
      p.add("conform.event-time.date-only: '" + dateOnly + "' is not supported (expected refused or allowed)");
    } else if ("allowed".equals(dateOnly)) {
      dateOnlyAllowed = true;
      if (format != null && format != EventTimeFormat.ISO8601) {
        p.add("conform.event-time.date-only: allowed applies to format iso8601 only (got format '" + formatText
            + "'; a pattern without a time of day already means midnight UTC)");
      }
    }
    if (format != null && format != EventTimeFormat.PATTERN && locale != null && !locale.equals(Locale.ROOT)) {
      p.add("conform.event-time.locale: '" + locale.toLanguageTag() + "' is used by a pattern format only (got "
          + "format '" + formatText + "'); remove it");
    }
    ZoneId zone = p.zone(c, "conform.event-time.zone");
    List<String> dedupeKey = p.stringList(c, "conform.dedupe.key", "a list of column names");
    Map<String, String> payloadNames = renames(c, p, order, "an object of payload_field = new_name pairs");
    List<String> drops = p.stringList(c, "source.drop", "a list of payload field paths");
    return new Read(field, format, zone, dedupeKey, new JobSpec.EventTimeParsing(pattern, locale, dateOnlyAllowed),
        payloadNames, drops);
  }

  /** {@code conform.dedupe.keep}. */
  static JobSpec.DedupeKeep keep(Config c, Problems p) {
    return p.enumValue(c, "conform.dedupe.keep", JobSpec.DedupeKeep.class, "earliest-offset, latest-timestamp",
        JobSpec.DedupeKeep.EARLIEST_OFFSET);
  }

  /** {@code conform.event-time.locale}: a BCP 47 tag, empty for {@link Locale#ROOT}; null if invalid. */
  static Locale locale(Config c, Problems p) {
    String tag = p.string(c, "conform.event-time.locale", "a BCP 47 language tag such as en or en-US");
    if (tag == null) {
      return null;
    }
    if (tag.isEmpty()) {
      return Locale.ROOT;
    }
    try {
      return new Locale.Builder().setLanguageTag(tag).build();
    } catch (java.util.IllformedLocaleException e) {
      p.add("conform.event-time.locale: '" + tag + "' is not a BCP 47 language tag (" + e.getMessage()
          + "; expected e.g. en, en-US or fr, or empty for the root locale)");
      return null;
    }
  }

  /**
   * {@code source.rename}, for every source type: input field (a payload field path as declared,
   * dotted for nested fields, or an Adobe column) to output column name, in written order. Each new
   * name must be a valid column name.
   *
   * @param expected what the section should hold, for the message when it is not an object
   */
  static Map<String, String> renames(Config c, Problems p, WrittenOrder order, String expected) {
    Map<String, String> out = new LinkedHashMap<>();
    ConfigObject o = p.object(c, "source.rename", expected);
    if (o == null) {
      return out;
    }
    for (Map.Entry<String, ConfigValue> e : order.entries(o)) {
      ConfigValue v = e.getValue();
      String key = "source.rename." + ConfigKeys.pathElement(e.getKey());
      if (v.valueType() == ConfigValueType.OBJECT) {
        p.add(key + ": expected the new column name, got " + v.render(ConfigRenderOptions.concise()) + " (quote a nested field's path as one "
            + "key, e.g. \"meta.dt\" = meta_date)");
      } else if (v.valueType() != ConfigValueType.STRING) {
        p.add(key + ": expected the new column name, got " + v.render(ConfigRenderOptions.concise()));
      } else {
        String newName = (String) v.unwrapped();
        if (!Problems.IDENTIFIER.matcher(newName).matches()) {
          p.add(key + ": '" + newName + "' is not a valid column name (expected lower-case letters, digits and _, "
              + "starting with a letter or _)");
        }
        out.put(e.getKey(), newName);
      }
    }
    return out;
  }
}
