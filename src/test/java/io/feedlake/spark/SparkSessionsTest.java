package io.feedlake.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.feedlake.config.ConfigException;
import io.feedlake.config.ConfigLoader;
import io.feedlake.config.Settings;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/** feedlake's Spark settings are defaults: what spark-submit set is not overridden. */
class SparkSessionsTest {
  private static Settings settings(Map<String, String> overrides) {
    return ConfigLoader.load(Paths.get("").toAbsolutePath(), null, overrides).settings();
  }

  @Test
  void aKeySparkSubmitSetKeepsSparkSubmitsValue() {
    SparkConf submitted = new SparkConf(false)
        .set("spark.sql.session.timeZone", "Europe/Berlin")
        .set("spark.sql.shuffle.partitions", "400");
    Map<String, String> applied = SparkSessions.unlessSubmitted(submitted, settings(Map.of()));
    assertThat(applied).doesNotContainKeys("spark.sql.session.timeZone", "spark.sql.shuffle.partitions");
    // What spark-submit did not set still gets feedlake's default.
    assertThat(applied).containsEntry("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
        .containsEntry("spark.sql.catalogImplementation", "hive");
  }

  @Test
  void theConfigurationsSparkConfOverlaysFeedlakesDefaultsWhenSparkSubmitIsSilent() {
    Map<String, String> overrides = new LinkedHashMap<>();
    overrides.put("spark.conf.\"spark.sql.shuffle.partitions\"", "3");
    overrides.put("spark.conf.\"spark.sql.parquet.compression.codec\"", "zstd");
    Map<String, String> applied = SparkSessions.unlessSubmitted(new SparkConf(false), settings(overrides));
    assertThat(applied).containsEntry("spark.sql.shuffle.partitions", "3")
        .containsEntry("spark.sql.parquet.compression.codec", "zstd")
        .containsEntry("spark.sql.session.timeZone", "UTC");
  }

  @Test
  void aNonUtcSessionZoneFromSparkSubmitIsRefusedAndUtcSpellingsPass() {
    SparkConf berlin = new SparkConf(false).set("spark.sql.session.timeZone", "Europe/Berlin");
    ConfigException e = catchThrowableOfType(() -> SparkSessions.requireUtcSession(berlin), ConfigException.class);
    assertThat(e).isNotNull();
    assertThat(e.problems()).singleElement().asString()
        .startsWith("spark-submit --conf spark.sql.session.timeZone=Europe/Berlin: feedlake needs a UTC session");
    for (String utc : new String[] {"UTC", "Etc/UTC", "GMT", "+00:00"}) {
      SparkSessions.requireUtcSession(new SparkConf(false).set("spark.sql.session.timeZone", utc));
    }
    SparkSessions.requireUtcSession(new SparkConf(false));
  }

  @Test
  void theNameGivenToSparkSubmitWinsAndItsMainClassDefaultDoesNot() {
    Settings settings = settings(Map.of());
    assertThat(SparkSessions.appName(new SparkConf(false).set("spark.app.name", "nightly vsco"), settings, "ingest vsco_events"))
        .isEqualTo("nightly vsco");
    // spark-submit without --name names the application after --class.
    assertThat(SparkSessions.appName(new SparkConf(false).set("spark.app.name", "io.feedlake.cli.Main"), settings,
        "ingest vsco_events")).isEqualTo(settings.spark().appName() + " ingest vsco_events");
    assertThat(SparkSessions.appName(new SparkConf(false), settings, "report x"))
        .isEqualTo(settings.spark().appName() + " report x");
  }

  @Test
  void partitionOverwriteModeIsNotASessionDefault() {
    // publish.mode = overwrite passes it on its own write; nothing else replaces partitions in place.
    assertThat(SparkSessions.defaults(settings(Map.of()))).doesNotContainKey("spark.sql.sources.partitionOverwriteMode");
  }
}
