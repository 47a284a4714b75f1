package io.feedlake.config;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recovers the order in which the entries of a HOCON object were written. Typesafe Config keeps an
 * object's entries in a hash map, so {@link ConfigObject#entrySet()} iterates in an order that has
 * nothing to do with the file (and may differ between {@code keySet()} and {@code entrySet()}).
 * Sections whose order matters ({@code conform.rename}, {@code conform.cast}, {@code
 * conform.derive}, {@code conform.filter}, {@code source.rename}) are read through this class.
 *
 * <p>Order: entries of lower configuration layers first (reference, application config and its
 * includes, the job file, then {@code --set} overrides in command-line order); within one source
 * by line ({@link ConfigOrigin#lineNumber()}), and entries on one line from left to right, found by
 * locating each key in the text of that line. Any remaining tie (a key that cannot be located) is
 * broken by the key, so the result is deterministic in every case. Runs on the driver only.
 */
final class WrittenOrder {
  /** Description prefix of the origins of {@code --set} overrides. */
  static final String OVERRIDE_ORIGIN = "--set ";

  private final String jobFileUrl;
  private final Map<String, String> overrideTexts;
  private final List<String> overrideOrder;
  private final Map<String, List<String>> linesByUrl = new HashMap<>();

  /**
   * @param jobFileUrl URL of the job file, or null when there is none
   * @param overrideTexts {@code --set} origin description to the HOCON text parsed for it, in
   *     command-line order
   */
  WrittenOrder(String jobFileUrl, Map<String, String> overrideTexts) {
    this.jobFileUrl = jobFileUrl;
    this.overrideTexts = overrideTexts;
    this.overrideOrder = new ArrayList<>(overrideTexts.keySet());
  }

  /** The entries of {@code object} in written order. */
  List<Map.Entry<String, ConfigValue>> entries(ConfigObject object) {
    List<Map.Entry<String, ConfigValue>> out = new ArrayList<>(object.entrySet());
    Map<String, long[]> keys = new HashMap<>();
    for (Map.Entry<String, ConfigValue> e : out) {
      keys.put(e.getKey(), position(e.getKey(), e.getValue().origin()));
    }
    Comparator<Map.Entry<String, ConfigValue>> byPosition =
        Comparator.comparingLong((Map.Entry<String, ConfigValue> e) -> keys.get(e.getKey())[0])
            .thenComparingLong(e -> keys.get(e.getKey())[1])
            .thenComparingLong(e -> keys.get(e.getKey())[2])
            .thenComparing(Map.Entry::getKey);
    out.sort(byPosition);
    return out;
  }

  /** {layer, line, column} of a key; unknown parts are {@code Long.MAX_VALUE}. */
  private long[] position(String key, ConfigOrigin origin) {
    long line = origin.lineNumber() < 0 ? Long.MAX_VALUE : origin.lineNumber();
    String description = origin.description() == null ? "" : origin.description();
    if (description.startsWith(OVERRIDE_ORIGIN)) {
      for (int i = 0; i < overrideOrder.size(); i++) {
        String d = overrideOrder.get(i);
        if (description.equals(d) || description.startsWith(d + ":")) {
          List<String> lines = overrideTexts.get(d).lines().toList();
          return new long[] {3L * 1_000_000 + i, line, column(lines, origin.lineNumber(), key)};
        }
      }
      return new long[] {4L * 1_000_000, line, Long.MAX_VALUE};
    }
    URL url = origin.url();
    long layer = origin.resource() != null ? 0 : url != null && url.toString().equals(jobFileUrl) ? 2 : 1;
    List<String> lines = url == null ? List.of() : lines(url);
    return new long[] {layer * 1_000_000, line, column(lines, origin.lineNumber(), key)};
  }

  private List<String> lines(URL url) {
    return linesByUrl.computeIfAbsent(url.toString(), u -> {
      try (InputStream in = url.openStream()) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
      } catch (IOException e) {
        return List.of();
      }
    });
  }

  /**
   * Where {@code key} is written as a key on a line: plain or quoted, after the line start, a
   * brace, a comma, a dot or blanks, and followed by {@code =}, {@code :} or <code>{</code>.
   */
  private static long column(List<String> lines, int lineNumber, String key) {
    if (lineNumber < 1 || lineNumber > lines.size()) {
      return Long.MAX_VALUE;
    }
    String text = lines.get(lineNumber - 1);
    String quoted = Pattern.quote(key);
    Pattern p =
        Pattern.compile("(?:^|[\\s{,.])(?:\"" + quoted + "\"|" + quoted + ")\\s*[=:{]");
    Matcher m = p.matcher(text);
    return m.find() ? m.start() : Long.MAX_VALUE;
  }
}
