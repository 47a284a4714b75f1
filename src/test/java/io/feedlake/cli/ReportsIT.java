package io.feedlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.feedlake.testing.Cli;
import io.feedlake.testing.LocalSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reports on the demo lake: golden outputs (src/test/resources/golden/<report>/<case>.args with
 * the expected CSV in <case>.csv; rewritten only with {@code mvn verify -Dgolden.update=true}),
 * the pruning guard and the scan limit (both refuse and both can be overridden), and explain's
 * figures equal to what the run reads.
 */
class ReportsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path GOLDEN = Paths.get("src/test/resources/golden");
  private static String lake;

  @BeforeAll
  static void demo() throws IOException {
    System.setProperty("feedlake.home", Paths.get("").toAbsolutePath().toString());
    lake = Files.createTempDirectory("feedlake-reports-it").toString();
    Cli.Result r = Cli.run("demo", "--lake", lake, "--json");
    assertThat(r.exit()).as(r.err()).isZero();
  }

  @AfterAll
  static void stop() {
    LocalSpark.stop();
  }

  private static Cli.Result feedlake(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--set", "lake.root=" + lake));
    return Cli.run(all.toArray(String[]::new));
  }

  @Test
  void everyGoldenCaseGivesItsCheckedInOutput() throws IOException {
    boolean update = Boolean.getBoolean("golden.update");
    List<Path> cases;
    try (Stream<Path> s = Files.walk(GOLDEN)) {
      cases = s.filter(p -> p.toString().endsWith(".args")).sorted().toList();
    }
    assertThat(cases).hasSizeGreaterThanOrEqualTo(4);
    for (Path args : cases) {
      String report = args.getParent().getFileName().toString();
      Path expected = Paths.get(args.toString().replaceFirst("\\.args$", ".csv"));
      Path out = Files.createTempFile("golden", ".csv");
      List<String> cmd = new ArrayList<>(List.of("report", report));
      cmd.addAll(Files.readAllLines(args, StandardCharsets.UTF_8));
      cmd.addAll(List.of("--format", "csv", "--out", out.toString()));
      Cli.Result r = feedlake(cmd.toArray(String[]::new));
      assertThat(r.exit()).as(args + ": " + r.err()).isZero();
      String actual = Files.readString(out, StandardCharsets.UTF_8);
      if (update) {
        Files.writeString(expected, actual, StandardCharsets.UTF_8);
      } else {
        assertThat(expected).as("golden file for " + args + " (create with -Dgolden.update=true)").exists();
        assertThat(actual).as(args.toString()).isEqualTo(Files.readString(expected, StandardCharsets.UTF_8));
      }
    }
  }

  @Test
  void aQueryWithoutADatePredicateIsRefusedNamingTheTableAndTheBytesUnlessAllowed() throws IOException {
    Cli.Result refused = feedlake("sql", "SELECT count(*) AS n FROM beta.vsco_events");

    assertThat(refused.exit()).isEqualTo(3);
    assertThat(refused.err()).containsPattern(
        "Refused: The query reads beta\\.vsco_events \\(3 partitions, [0-9,]+ bytes\\) with no predicate on the"
            + " partition column `date`");

    Cli.Result allowed = feedlake("sql", "SELECT count(*) AS n FROM beta.vsco_events", "--allow-full-scan",
        "--format", "json");
    assertThat(allowed.exit()).as(allowed.err()).isZero();
    assertThat(allowed.out().strip()).isEqualTo("{\"n\":2712}");
    assertThat(allowed.err()).contains("warning: The query reads beta.vsco_events");
  }

  @Test
  void aScanOverTheLimitIsRefusedWithTheEstimateAndTheLimitUnlessAllowed() {
    String[] args = {"report", "events_per_type_per_day", "--from", "2024-03-01", "--to", "2024-03-03",
        "--set", "report.max-scan-bytes=100000", "--format", "csv"};

    Cli.Result refused = feedlake(args);

    assertThat(refused.exit()).isEqualTo(3);
    assertThat(refused.err()).containsPattern(
        "Refused: the query would scan [0-9,]+ bytes \\(\\$[0-9.]+ at \\$5/TB\\) over 3 partition\\(s\\) and 3 file\\(s\\),"
            + " above the limit of 100,000 bytes \\(report.max-scan-bytes\\)");
    List<String> more = new ArrayList<>(List.of(args));
    more.add("--allow-large-scan");
    Cli.Result allowed = feedlake(more.toArray(String[]::new));
    assertThat(allowed.exit()).as(allowed.err()).isZero();
  }

  @Test
  void explainsFiguresEqualWhatTheRunReads() throws IOException {
    for (String country : List.of("US", "JP")) {
      Cli.Result explain = feedlake("report", "explain", "gif_clicks", "--date", "2024-03-02", "--param",
          "country=" + country, "--json");
      Cli.Result run = feedlake("report", "gif_clicks", "--date", "2024-03-02", "--param", "country=" + country,
          "--json", "--format", "csv");
      assertThat(explain.exit()).as(explain.err()).isZero();
      assertThat(run.exit()).as(run.err()).isZero();
      JsonNode e = JSON.readTree(explain.out().lines().reduce((a, b) -> b).orElseThrow());
      JsonNode r = JSON.readTree(run.out().lines().reduce((a, b) -> b).orElseThrow());
      assertThat(r.get("partitions_read").asLong()).isEqualTo(e.get("estimated_partitions").asLong()).isEqualTo(1);
      assertThat(r.get("files_read").asLong()).isEqualTo(e.get("estimated_files").asLong());
      assertThat(r.get("bytes_read").asLong()).isEqualTo(e.get("estimated_bytes").asLong());
      // Column pruning: only date, country, impressions and clicks are read from the files.
      assertThat(r.get("bytes_read_from_storage").asLong()).isPositive().isLessThan(r.get("bytes_read").asLong());
    }
  }
}
