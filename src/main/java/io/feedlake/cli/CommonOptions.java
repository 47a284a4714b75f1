package io.feedlake.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options every command accepts. */
public final class CommonOptions {
  @Option(
      names = "--conf-file",
      paramLabel = "FILE",
      description = "Application config used instead of conf/application.conf (HOCON; may `include` it).")
  Path confFile;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = {
        "Override a config key (HOCON path), e.g. --set lake.root=/tmp/lake --set source.path=/data/alpha.",
        "Repeatable; wins over job and application files. VALUE is a HOCON value: \"quoted\" text is unquoted,",
        "[..] is a list, {..} an object, numbers, true, false and null are themselves; other text is taken literally."
      })
  Map<String, String> overrides = new LinkedHashMap<>();

  @Option(
      names = "--json",
      description = "Print only a one-line JSON run summary on stdout (for Airflow XCom and scripts); logs stay on stderr.")
  boolean json;
}
