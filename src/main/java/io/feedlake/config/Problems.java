package io.feedlake.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Collects the validation problems of one read of the configuration, so that every problem is
 * reported at once ({@link ConfigException}, exit 2). Each message names the key, the value found
 * and what was expected; the typed getters report a problem instead of throwing. Lists of objects
 * (such as {@code source.lookups}) are read by {@link ObjectLists}.
 */
final class Problems {
  /** Catalog and column names as Glue and Hive store them. */
  static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");

  /** The problems so far, in the order found ({@link ChecksSpec#read} adds to it). */
  final List<String> list = new ArrayList<>();

  void add(String problem) {
    list.add(problem);
  }

  boolean any() {
    return !list.isEmpty();
  }

  int count() {
    return list.size();
  }

  /** A boolean; false, and a problem naming the value found, when it is missing or not a boolean. */
  boolean bool(Config c, String key) {
    try {
      return c.getBoolean(key);
    } catch (com.typesafe.config.ConfigException e) {
      list.add(key + ": expected true or false, got " + render(c, key));
      return false;
    }
  }

  String nonEmpty(Config c, String key, String expected) {
    String v = string(c, key, expected);
    if (v != null && v.isEmpty()) {
      list.add(key + ": expected " + expected + ", got an empty string");
      return null;
    }
    return v;
  }

  char character(Config c, String key, String expected) {
    String v = string(c, key, expected);
    if (v == null) {
      return 0;
    }
    if (v.length() != 1) {
      list.add(key + ": expected " + expected + ", got '" + v + "' (" + v.length() + " characters)");
      return 0;
    }
    return v.charAt(0);
  }

  void throwIfAny() {
    if (!list.isEmpty()) {
      throw new ConfigException(list);
    }
  }

  String string(Config c, String key, String expected) {
    return string(c, key, expected, "");
  }

  /** {@link #string(Config, String, String)} of a sub-config; problems name {@code prefix + key}. */
  String string(Config c, String key, String expected, String prefix) {
    if (!c.hasPath(key)) {
      list.add(prefix + key + ": missing (expected " + expected + ")");
      return null;
    }
    ConfigValue v = c.getValue(key);
    if (v.valueType() == ConfigValueType.OBJECT || v.valueType() == ConfigValueType.LIST) {
      list.add(prefix + key + ": expected " + expected + ", got " + v.render(ConfigRenderOptions.concise()));
      return null;
    }
    return String.valueOf(v.unwrapped());
  }

  /** An object value; null, and a problem naming the value found, when it is anything else. */
  ConfigObject object(Config c, String key, String expected) {
    if (!c.hasPathOrNull(key)) {
      return null;
    }
    ConfigValue v = c.getIsNull(key) ? null : c.getValue(key);
    if (v instanceof ConfigObject o) {
      return o;
    }
    list.add(key + ": expected " + expected + ", got " + (v == null ? "null" : v.render(ConfigRenderOptions.concise())));
    return null;
  }

  /** A share between 0 and 1 (a ratio); 0 and a problem when it is not one. */
  double share(Config c, String key) {
    try {
      double v = c.getDouble(key);
      if (v < 0 || v > 1 || Double.isNaN(v)) {
        list.add(key + ": expected a share between 0 and 1, got " + v);
      }
      return v;
    } catch (com.typesafe.config.ConfigException e) {
      list.add(key + ": expected a share between 0 and 1, got " + render(c, key));
      return 0;
    }
  }

  String optionalString(Config c, String key) {
    return c.hasPath(key) ? string(c, key, "a string") : null;
  }

  void identifier(String key, String value) {
    if (value != null && !IDENTIFIER.matcher(value).matches()) {
      list.add(key + ": '" + value + "' is not a valid catalog name (expected lower-case letters, digits and _, "
          + "starting with a letter or _, as Glue and Hive store them)");
    }
  }

  List<String> stringList(Config c, String key, String expected) {
    if (!c.hasPath(key)) {
      list.add(key + ": missing (expected " + expected + ")");
      return null;
    }
    try {
      return c.getStringList(key);
    } catch (com.typesafe.config.ConfigException e) {
      list.add(key + ": expected " + expected + ", got " + c.getValue(key).render(ConfigRenderOptions.concise()));
      return null;
    }
  }

  long positiveLong(Config c, String key, String expected) {
    try {
      long v = c.getLong(key);
      if (v <= 0) {
        list.add(key + ": expected " + expected + ", got " + v);
      }
      return v;
    } catch (com.typesafe.config.ConfigException e) {
      list.add(key + ": expected " + expected + ", got " + render(c, key));
      return 0;
    }
  }

  long nonNegativeLong(Config c, String key, String expected) {
    try {
      long v = c.getLong(key);
      if (v < 0) {
        list.add(key + ": expected " + expected + ", got " + v);
      }
      return Math.max(v, 0);
    } catch (com.typesafe.config.ConfigException e) {
      list.add(key + ": expected " + expected + ", got " + render(c, key));
      return 0;
    }
  }

  Duration duration(Config c, String key) {
    try {
      Duration d = c.getDuration(key);
      if (d.isNegative()) {
        list.add(key + ": expected a duration such as 200ms or 20s, got " + render(c, key));
        return Duration.ZERO;
      }
      return d;
    } catch (com.typesafe.config.ConfigException e) {
      list.add(key + ": expected a duration such as 200ms or 20s, got " + render(c, key));
      return Duration.ZERO;
    }
  }

  long bytes(Config c, String key) {
    try {
      long v = c.getBytes(key);
      if (v <= 0) {
        list.add(key + ": expected a positive size such as 128 MiB, got " + v);
      }
      return v;
    } catch (com.typesafe.config.ConfigException e) {
      list.add(key + ": expected a size in bytes such as 134217728 or 128 MiB, got " + render(c, key));
      return 0;
    }
  }

  ZoneId zone(Config c, String key) {
    String v = string(c, key, "an IANA time zone id such as UTC or America/Los_Angeles");
    if (v == null) {
      return null;
    }
    try {
      return ZoneId.of(v);
    } catch (DateTimeException e) {
      list.add(key + ": '" + v + "' is not a time zone (expected an IANA id such as UTC or America/Los_Angeles)");
      return null;
    }
  }

  <E extends Enum<E>> E enumValue(Config c, String key, Class<E> type, String allowed, E fallback) {
    return enumValue(c, key, type, allowed, fallback, "");
  }

  /** {@link #enumValue(Config, String, Class, String, Enum)} of a sub-config, named {@code prefix + key}. */
  <E extends Enum<E>> E enumValue(
      Config c, String key, Class<E> type, String allowed, E fallback, String prefix) {
    String v = string(c, key, "one of " + allowed, prefix);
    if (v == null) {
      return fallback;
    }
    String constant = v.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    if (constant.equals("EPOCH_MS")) {
      constant = "EPOCH_MILLIS";
    } else if (constant.equals("EPOCH_S")) {
      constant = "EPOCH_SECONDS";
    }
    try {
      return Enum.valueOf(type, constant);
    } catch (IllegalArgumentException e) {
      list.add(prefix + key + ": '" + v + "' is not supported (expected one of " + allowed + ")");
      return fallback;
    }
  }

  /** The value at {@code key} as HOCON text for a message; {@code nothing} when it is absent or null. */
  static String render(Config c, String key) {
    return c.hasPathOrNull(key) && !c.getIsNull(key) ? c.getValue(key).render(ConfigRenderOptions.concise()) : "nothing";
  }
}
