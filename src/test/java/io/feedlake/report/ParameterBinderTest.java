package io.feedlake.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.feedlake.ExitCode;
import io.feedlake.FeedlakeException;
import io.feedlake.config.ReportSpec;
import io.feedlake.config.ReportSpec.Param;
import io.feedlake.config.ReportSpec.ParamType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parameter validation: typed values, allowed sets, defaults, and injection attempts refused. */
class ParameterBinderTest {
  private static final ReportSpec SPEC = new ReportSpec("gif_clicks", "SELECT 1", "", List.of(
      new Param("date", ParamType.DATE, List.of(), null, ""),
      new Param("country", ParamType.STRING, List.of("US", "CA"), "US", ""),
      new Param("top", ParamType.INT, List.of(), "10", "")), null, null);

  private static FeedlakeException refused(Map<String, String> given) {
    FeedlakeException e = catchThrowableOfType(() -> ParameterBinder.bind(SPEC, given), FeedlakeException.class);
    assertThat(e).isNotNull();
    assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
    return e;
  }

  @Test
  void bindsTypedValuesAndDefaults() {
    assertThat(ParameterBinder.bind(SPEC, Map.of("date", "2024-03-02")))
        .containsExactly(Map.entry("date", "2024-03-02"), Map.entry("country", "US"), Map.entry("top", 10L));
    assertThat(ParameterBinder.bind(SPEC, Map.of("date", "2024-03-02", "country", "CA", "top", "3")))
        .containsEntry("country", "CA").containsEntry("top", 3L);
  }

  @Test
  void injectionAttemptsAreNotDatesOrAllowedValues() {
    assertThat(refused(Map.of("date", "2020-01-01' OR '1'='1")))
        .hasMessage("parameter date: '2020-01-01' OR '1'='1' is not a date (expected YYYY-MM-DD)");
    assertThat(refused(Map.of("date", "2024-03-02", "country", "US' OR '1'='1")))
        .hasMessage("parameter country: 'US' OR '1'='1' is not allowed (allowed: US, CA)");
    assertThat(refused(Map.of("date", "2024-03-02", "top", "1; DROP TABLE x")))
        .hasMessage("parameter top: '1; DROP TABLE x' is not an integer");
  }

  @Test
  void missingUnknownAndBadValuesAreAllReported() {
    FeedlakeException e = refused(Map.of("country", "FR", "colour", "red"));

    assertThat(e.getMessage().lines().toList()).containsExactly(
        "report gif_clicks has no parameter 'colour' (parameters: [date, country, top])",
        "report gif_clicks needs parameter 'date' (date YYYY-MM-DD): give --date VALUE",
        "parameter country: 'FR' is not allowed (allowed: US, CA)");
  }

  @Test
  void impossibleDatesAndReversedRangesAreRefused() {
    ReportSpec range = new ReportSpec("r", "SELECT 1", "", List.of(
        new Param("from", ParamType.DATE, List.of(), null, ""), new Param("to", ParamType.DATE, List.of(), null, "")),
        null, null);
    FeedlakeException bad = catchThrowableOfType(
        () -> ParameterBinder.bind(range, Map.of("from", "2024-02-30", "to", "2024-03-01")), FeedlakeException.class);
    assertThat(bad).hasMessage("parameter from: '2024-02-30' is not a date (expected YYYY-MM-DD)");
    FeedlakeException reversed = catchThrowableOfType(
        () -> ParameterBinder.bind(range, Map.of("from", "2024-03-02", "to", "2024-03-01")), FeedlakeException.class);
    assertThat(reversed).hasMessage("parameters from/to: 2024-03-02 is after 2024-03-01");
  }

  @Test
  void costIsFiveDollarsPerTerabyteWithATenMegabyteMinimum() {
    assertThat(ScanEstimate.costUsd(0)).isEqualTo(ScanEstimate.costUsd(10L << 20));
    assertThat(ScanEstimate.costUsd(1L << 40)).isEqualTo(5.0);
    assertThat(ScanEstimate.costUsd((10L << 20) + 1)).isEqualTo(11 / (double) (1L << 20) * 5.0);
  }
}
