package io.feedlake.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options every command accepts. */
public final class CommonOptions {
  @Option(
      names = "--conf-file",
      paramLabel = "FILE",
      description = {
        "Application config used instead of conf/application.conf (HOCON; may `include` it). A local path, or a",
        "Hadoop URI (s3a://bucket/conf/application.conf, hdfs://...) read with its sibling .conf files (for includes)."
      })
  String confFile;

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
      names = "--run-id",
      paramLabel = "ID",
      description = {
        "Caller-chosen run id (e.g. the Airflow task's): letters, digits, '.', '_', '-', at most 100, starting with a",
        "letter or digit. The run is named <UTC start>-ID and its outcome (exit code) is recorded under",
        "<lake>/_feedlake/outcomes/, for `feedlake outcome --run-id ID` after a cluster-mode submission."
      })
  String runId;

  @Option(
      names = "--json",
      description = "Print only a one-line JSON run summary on stdout (for Airflow XCom and scripts); logs stay on stderr.")
  boolean json;
}
