package io.feedlake.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.feedlake.config.ChecksSpec.Check;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code checks { }} of a job file: defaults, overrides, and every problem reported at once. */
class ChecksSpecTest {
  @TempDir Path jobs;

  private ConfigLoader loader(String checks) throws IOException {
    Files.writeString(jobs.resolve("orders.conf"), String.join("\n",
        "table.name = orders",
        "source { type = kafka-json, path = /tmp/alpha, topic = orders, schema.ddl = \"order_id STRING, ts STRING\" }",
        "conform { event-time { field = ts, format = iso8601 }, dedupe.key = [order_id] }",
        checks));
    return ConfigLoader.load(Paths.get("").toAbsolutePath(), null, Map.of("jobs.dir", jobs.toString()));
  }

  @Test
  void theDefaultsRunEveryCheckAndFailOnNone() throws IOException {
    ChecksSpec spec = loader("").checks("orders");
    assertThat(spec.enabled()).containsExactlyInAnyOrder(Check.values());
    assertThat(spec.failOn()).isEmpty();
    assertThat(spec.afterIngest()).isTrue();
    assertThat(spec.gapDays()).isEqualTo(7);
    assertThat(spec.volumeMinRatio()).isEqualTo(0.5);
    assertThat(spec.volumeMaxRatio()).isEqualTo(2.0);
  }

  @Test
  void theJobFileSetsTheChecks() throws IOException {
    ChecksSpec spec = loader("checks { enabled = [gaps, volume], fail-on = [volume], volume.window = 14,"
        + " after-ingest = false }").checks("orders");
    assertThat(spec.enabled()).containsExactlyInAnyOrder(Check.GAPS, Check.VOLUME);
    assertThat(spec.failsOn(Check.VOLUME)).isTrue();
    assertThat(spec.failsOn(Check.GAPS)).isFalse();
    assertThat(spec.volumeWindow()).isEqualTo(14);
    assertThat(spec.afterIngest()).isFalse();
  }

  @Test
  void everyProblemIsReportedWithTheJobAtOnce() throws IOException {
    ConfigLoader loader = loader("checks { enabled = [gaps], fail-on = [volume, gap], gaps.days = 0,"
        + " volume.min-ratio = fast }");
    assertThatThrownBy(() -> loader.job("orders"))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly(
            "checks.fail-on: [gap] is not a check (expected any of [gaps, volume, schema, unknown-fields, quarantine])",
            "checks.fail-on: [volume] not in checks.enabled [gaps] (a check that does not run cannot fail)",
            "checks.gaps.days: expected a whole number of at least 1, got 0",
            "checks.volume.min-ratio: expected a number of at least 0, got \"fast\""));
  }

  @Test
  void theRatiosMustLeaveARange() throws IOException {
    assertThatThrownBy(() -> loader("checks.volume { min-ratio = 2, max-ratio = 1 }").checks("orders"))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).problems())
            .containsExactly("checks.volume.min-ratio: 2.0 is not below checks.volume.max-ratio 1.0"));
  }
}
