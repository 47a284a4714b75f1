package io.feedlake.source.kafka;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells kcat's error lines from its informational ones, for lines starting with {@code %} that a
 * dump captured from kcat's stderr. Pure and thread-safe; used on executors.
 *
 * <p>The formats (kcat {@code kcat.c} and {@code kcat.h}; librdkafka {@code rdkafka.c}):
 *
 * <ul>
 *   <li>{@code % ERROR: <text>} is kcat's {@code KC_ERROR}/{@code KC_FATAL} ({@code error0},
 *       {@code fatal0}): an error, e.g. {@code % ERROR: Local: Broker transport failure}. kcat
 *       may end it with {@code : terminating} when it exits on the error.
 *   <li>{@code %<level>|<seconds>.<ms>|<FACILITY>|<client name>| <text>} is librdkafka's default
 *       log callback ({@code rd_kafka_log_print}) with a syslog level: 0 (emergency) to 3
 *       (error) are errors, 4 (warning) to 7 (debug) informational, e.g. {@code
 *       %3|1709251200.123|FAIL|rdkafka#consumer-1| [thrd:...]: Connect to ... failed}.
 *   <li>Every other {@code % } line is kcat's {@code KC_INFO}: informational, e.g. {@code %
 *       Reached end of topic t [0] at offset 42}, {@code % Auto-selecting Consumer mode (use -P
 *       or -C to override)}, {@code % Fatal error at main:123:} (the context line kcat prints
 *       before its {@code % ERROR:} line at verbosity 2).
 * </ul>
 */
public final class KcatMessages {
  private static final Pattern LIBRDKAFKA_LOG = Pattern.compile("^%([0-7])\\|[0-9]+\\.[0-9]+\\|([^|]*)\\|");

  private KcatMessages() {}

  /**
   * Whether a {@code %} line reports an error.
   *
   * @param line a dump line starting with {@code %}
   * @return true for {@code % ERROR:} lines and librdkafka log lines of level 3 or lower
   */
  public static boolean isError(String line) {
    if (line.startsWith("% ERROR:")) {
      return true;
    }
    Matcher m = LIBRDKAFKA_LOG.matcher(line);
    return m.find() && m.group(1).charAt(0) <= '3';
  }
}
