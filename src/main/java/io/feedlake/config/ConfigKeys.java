package io.feedlake.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.io.File;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Key paths and values shared by the sections: unknown keys, defaults, path elements, absolute paths. */
final class ConfigKeys {
  /** Keys whose children are free-form and therefore not checked against reference.conf. */
  static final Set<String> FREE_FORM =
      Set.of("spark.conf", "source.rename", "conform.sanitize.max-bytes", "conform.cast", "conform.rename",
          "conform.derive", "conform.filter");

  private ConfigKeys() {}

  /** Every key of the merged config that reference.conf does not know is a problem, with a suggestion. */
  static void checkUnknownKeys(Config merged, Config resolvedReference, Problems p) {
    Set<String> known = new TreeSet<>();
    leafPaths(resolvedReference.root(), "", known);
    Set<String> actual = new TreeSet<>();
    leafPaths(merged.root(), "", actual);
    for (String key : actual) {
      if (known.contains(key) || key.startsWith("feedlake.")) {
        continue;
      }
      boolean freeForm = FREE_FORM.stream().anyMatch(f -> key.startsWith(f + "."));
      if (!freeForm) {
        p.add(key + ": unknown key" + suggestion(key, known));
      }
    }
  }

  static String suggestion(String key, Set<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : known) {
      int d = editDistance(key, k);
      if (d < bestDistance) {
        bestDistance = d;
        best = k;
      }
    }
    return best != null && bestDistance <= 3 ? " (did you mean " + best + "?)" : "";
  }

  static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  /** Collects leaf paths including those whose value is null (entrySet() would skip them). */
  static void leafPaths(ConfigObject obj, String prefix, Set<String> out) {
    for (Map.Entry<String, ConfigValue> e : obj.entrySet()) {
      String path = prefix.isEmpty() ? quoteKey(e.getKey()) : prefix + "." + quoteKey(e.getKey());
      if (e.getValue().valueType() == ConfigValueType.OBJECT && !FREE_FORM.contains(path)) {
        leafPaths((ConfigObject) e.getValue(), path, out);
      } else {
        out.add(path);
      }
    }
  }

  static String quoteKey(String key) {
    return key.contains(".") ? "\"" + key + "\"" : key;
  }

  /** Whether {@code key} holds what reference.conf gives it (or is absent from both). */
  static boolean isDefault(Config reference, Config c, String key) {
    boolean inReference = reference.hasPathOrNull(key);
    boolean inConfig = c.hasPathOrNull(key);
    if (!inReference || !inConfig) {
      return inReference == inConfig;
    }
    Object ref = reference.getIsNull(key) ? null : reference.getValue(key).unwrapped();
    Object actual = c.getIsNull(key) ? null : c.getValue(key).unwrapped();
    return java.util.Objects.equals(ref, actual);
  }

  /** A key as one element of a path in a message: quoted only when HOCON needs it. */
  static String pathElement(String key) {
    return key.matches("[A-Za-z0-9_-]+") ? key : ConfigUtil.quoteString(key);
  }

  static boolean hasScheme(String path) {
    return path.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*") && !path.matches("^[a-zA-Z]:\\\\.*");
  }

  /** An absolute, normalized local path, or the path unchanged when it is a URI or null. */
  static String absolute(String path) {
    if (path == null || hasScheme(path)) {
      return path;
    }
    return new File(path).getAbsoluteFile().toPath().normalize().toString();
  }
}
