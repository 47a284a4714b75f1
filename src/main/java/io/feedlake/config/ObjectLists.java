package io.feedlake.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Lists of small objects in the configuration, such as {@code source.lookups = [{name, column,
 * file}, ...]}: each element is checked for its required and allowed keys, and every problem goes
 * to a {@link Problems}, named as {@code key[i].name}, instead of being thrown.
 */
final class ObjectLists {
  private ObjectLists() {}

  /**
   * The objects of the list at {@code key}, each checked for its keys; an empty list when the key
   * is absent. Elements that are not objects are left out (and reported); objects with unknown or
   * missing keys are kept (and reported).
   *
   * @param required keys every object must have (a null value counts as missing)
   * @param optional further keys an object may have
   */
  static List<Map<String, Object>> read(
      Config c, Problems p, String key, Set<String> required, Set<String> optional) {
    List<Map<String, Object>> out = new ArrayList<>();
    if (!c.hasPath(key)) {
      return out;
    }
    Set<String> sortedRequired = new TreeSet<>(required);
    Set<String> allowed = new TreeSet<>(required);
    allowed.addAll(optional);
    List<? extends ConfigValue> values;
    try {
      values = c.getList(key);
    } catch (com.typesafe.config.ConfigException e) {
      p.add(key + ": expected a list of objects with " + sortedRequired + ", got " + Problems.render(c, key));
      return out;
    }
    for (int i = 0; i < values.size(); i++) {
      ConfigValue v = values.get(i);
      if (v.valueType() != ConfigValueType.OBJECT) {
        p.add(key + "[" + i + "]: expected an object with " + sortedRequired + ", got "
            + v.render(ConfigRenderOptions.concise()));
        continue;
      }
      Map<String, Object> o = new LinkedHashMap<>(((ConfigObject) v).unwrapped());
      for (String k : o.keySet()) {
        if (!allowed.contains(k)) {
          p.add(key + "[" + i + "]." + k + ": unknown key (expected " + allowed + ")");
        }
      }
      for (String k : sortedRequired) {
        if (o.get(k) == null) {
          p.add(key + "[" + i + "]." + k + ": missing");
        }
      }
      out.add(o);
    }
    return out;
  }

  /**
   * A plain value of an object from {@link #read}; null when absent, and null with a problem
   * naming {@code where.k} when it is an object or a list.
   *
   * @param where the element's name in messages, e.g. {@code source.lookups[0]}
   */
  static String text(Problems p, Map<String, Object> o, String where, String k) {
    Object v = o.get(k);
    if (v == null) {
      return null;
    }
    if (v instanceof Map<?, ?> || v instanceof List<?>) {
      p.add(where + "." + k + ": expected a string, got " + v);
      return null;
    }
    return String.valueOf(v);
  }
}
