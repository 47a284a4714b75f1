package io.feedlake.config;

import io.feedlake.config.sources.DebeziumSourceConfig;
import io.feedlake.config.sources.FilesSourceConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry of {@code source.type} values: the one place a new source type is added, with its
 * own validator of the {@code source.*} keys. A type's own keys live under {@code
 * source.<type>.*} (documented in {@code reference.conf}); set for a job of another type they
 * are a configuration error. An unknown type is a configuration error listing {@link #known()}.
 *
 * <p>The built-in types are listed here by name only: kafka-json, kafka-console, kafka-connect-s3
 * and delimited are validated by {@link DumpSourceSection}, adobe by {@link AdobeSection}.
 */
public final class SourceTypes {
  /** Types validated by the config package's own sections, in the order they were added. */
  private static final List<String> BUILT_IN =
      List.of("kafka-json", "kafka-console", "kafka-connect-s3", "delimited", "adobe");

  /** Types with their own validator, in the order they were added. */
  private static final Map<String, SourceConfigValidator> REGISTERED = registered();

  private SourceTypes() {}

  private static Map<String, SourceConfigValidator> registered() {
    Map<String, SourceConfigValidator> m = new LinkedHashMap<>();
    m.put(FilesSourceConfig.TYPE, new FilesSourceConfig());
    m.put(DebeziumSourceConfig.TYPE, new DebeziumSourceConfig());
    return Collections.unmodifiableMap(m);
  }

  /** Every supported {@code source.type}, built-in ones first. */
  public static List<String> known() {
    List<String> all = new ArrayList<>(BUILT_IN);
    all.addAll(REGISTERED.keySet());
    return List.copyOf(all);
  }

  /** The validator of a registered type, or null for a built-in or unknown type. */
  public static SourceConfigValidator validator(String type) {
    return type == null ? null : REGISTERED.get(type);
  }

  /** Types with their own validator; each owns the keys under {@code source.<type>}. */
  public static List<String> registeredTypes() {
    return List.copyOf(REGISTERED.keySet());
  }
}
