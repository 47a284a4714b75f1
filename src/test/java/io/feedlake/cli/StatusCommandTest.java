package io.feedlake.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.feedlake.config.ConfigLoader;
import io.feedlake.config.JobSpec;
import io.feedlake.ledger.DateResult;
import io.feedlake.ledger.RunCounts;
import io.feedlake.ledger.RunLedger;
import io.feedlake.source.InputFile;
import io.feedlake.source.Sources;
import io.feedlake.testing.Cli;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.apache.commons.io.FileUtils;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code feedlake status} on a copy of the vsco_events sample dumps with run records written by
 * {@link RunLedger}: one line per date and totals, the JSON states, and the HTML page rendered by
 * headless Chromium (skipped when {@code /usr/bin/chromium} is absent; {@code .ci/run} installs it).
 */
class StatusCommandTest {
  private static final Path HOME = Paths.get("").toAbsolutePath();
  private static final Path CHROMIUM = Paths.get("/usr/bin/chromium");

  @TempDir Path tmp;

  private Path alpha;
  private Path lake;

  @BeforeAll
  static void home() {
    System.setProperty("feedlake.home", HOME.toString());
  }

  /** 03-01 published, 03-02 failed, 03-03 never run (input there), 03-04 no input. */
  @BeforeEach
  void lake() throws Exception {
    alpha = tmp.resolve("alpha");
    lake = tmp.resolve("lake");
    FileUtils.copyDirectory(HOME.resolve("data-samples/kafka/vsco_behavior").toFile(),
        alpha.resolve("vsco_behavior").toFile());
    ConfigLoader loader = ConfigLoader.load(HOME, null, Map.of("source.path", alpha.toString()));
    JobSpec spec = loader.job("vsco_events");
    Configuration conf = new Configuration();
    RunLedger ledger = new RunLedger(conf, lake.toString());
    String table = spec.table().qualified();
    LocalDate d1 = LocalDate.parse("2024-03-01");
    List<InputFile> files = Sources.create(spec).list(conf, d1);
    Map<String, Long> inputs = new LinkedHashMap<>();
    files.forEach(f -> inputs.put(f.path(), f.bytes()));
    RunCounts counts = new RunCounts(12, 1, 9, 0, 2, 0, 0, Map.of(), Map.of("bad_json", 2L), Map.of(), 0);
    ledger.record("vsco_events", table, "20240302T003000Z-a", RunLedger.PUBLISHED, new DateResult("2024-03-01",
        "succeeded", 0, null, files.size(), 0, counts, 1, 100, lake.resolve("beta/x/run=a").toString(), 1, List.of(),
        Map.of()), inputs);
    ledger.record("vsco_events", table, "20240303T003000Z-b", RunLedger.FAILED, new DateResult("2024-03-02",
        "failed", 3, "Quarantined 9 of 10 records\nTop reasons: bad_json=9", 1, 0, counts, 0, 0, null, 1, List.of(),
        Map.of()), Map.of());
  }

  private Cli.Result status(String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("status", "--job", "vsco_events", "--from", "2024-03-01",
        "--to", "2024-03-04", "--set", "source.path=" + alpha, "--set", "lake.root=" + lake));
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }

  @Test
  void oneLinePerDateThenTheTotals() {
    // Other tests in this JVM may have left a session; status must not start one of its own.
    Object sessionBefore = SparkSession.getDefaultSession().isDefined() ? SparkSession.getDefaultSession().get() : null;
    Cli.Result r = status();
    assertThat(r.exit()).as(r.err()).isEqualTo(0);
    List<String> lines = r.out().strip().lines().toList();
    assertThat(lines).hasSize(5);
    assertThat(lines.get(0)).startsWith("2024-03-01  published  run 20240302T003000Z-a  rows 9  quarantined 2"
        + "  published 20");
    assertThat(lines.get(1)).isEqualTo("2024-03-02  failed     run 20240303T003000Z-b  exit 3  Quarantined 9 of 10"
        + " records");
    assertThat(lines.get(2)).matches("2024-03-03  missing    input 2 file\\(s\\), \\d+ bytes  \\(no run; input ready\\)");
    assertThat(lines.get(3)).startsWith("2024-03-04  not-ready  (No kcat dump for topic vsco_behavior on 2024-03-04:");
    assertThat(lines.get(4)).isEqualTo("total: 4 date(s): published 1, changed 0, failed 1, not-ready 1, missing 1,"
        + " hidden 0, rows 9, quarantined 2 (published, changed and hidden dates)");
    Object sessionAfter = SparkSession.getDefaultSession().isDefined() ? SparkSession.getDefaultSession().get() : null;
    assertThat(sessionAfter).as("status started no Spark session").isSameAs(sessionBefore);
  }

  @Test
  void aChangedInputFileMakesThePublishedDateChanged() throws Exception {
    Path p1 = alpha.resolve("vsco_behavior/dt=2024-03-01/vsco_behavior-p1.json");
    Files.write(p1, "\n".getBytes(java.nio.charset.StandardCharsets.UTF_8), java.nio.file.StandardOpenOption.APPEND);
    Cli.Result r = status();
    assertThat(r.out().lines().findFirst().orElseThrow()).startsWith("2024-03-01  changed    run 20240302T003000Z-a")
        .contains("input changed since run 20240302T003000Z-a: 1 resized [vsco_behavior-p1.json ");
  }

  @Test
  void theJsonSummaryHasOneStatePerDateAndTheTotals() throws Exception {
    Cli.Result r = status("--json");
    assertThat(r.exit()).as(r.err()).isEqualTo(0);
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.path("states")).hasSize(4);
    JsonNode first = json.path("states").get(0);
    assertThat(List.of(first.path("date").asText(), first.path("state").asText(), first.path("run_id").asText(),
        first.path("rows").asLong())).containsExactly("2024-03-01", "published", "20240302T003000Z-a", 9L);
    assertThat(json.path("states").get(1).path("exit_code").asInt()).isEqualTo(3);
    assertThat(json.path("totals").path("missing").asInt()).isEqualTo(1);
    assertThat(json.path("totals").path("not-ready").asInt()).isEqualTo(1);
    assertThat(r.err()).contains("total: 4 date(s)");
  }

  @Test
  void theRangeDefaultsToTheDatesWithInputOrRecords() {
    Cli.Result r = Cli.run("status", "--job", "vsco_events", "--set", "source.path=" + alpha, "--set",
        "lake.root=" + lake);
    assertThat(r.exit()).as(r.err()).isEqualTo(0);
    assertThat(r.out()).startsWith("2024-03-01").contains("\n2024-03-03").doesNotContain("2024-03-04");
  }

  @Test
  void fromAfterToIsAUsageError() {
    Cli.Result r = Cli.run("status", "--job", "vsco_events", "--from", "2024-03-05", "--to", "2024-03-01");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--from 2024-03-05 is after --to 2024-03-01");
  }

  private static final Pattern CELL = Pattern.compile("<td class=\"day s-([a-z-]+)\" data-date=\"([0-9-]{10})\"");

  private static Map<String, String> cells(String html) {
    Map<String, String> out = new LinkedHashMap<>();
    Matcher m = CELL.matcher(html);
    while (m.find()) {
      out.put(m.group(2), m.group(1));
    }
    return out;
  }

  @Test
  void theHtmlPageHasOneCellPerDateColouredByStateAndNoNetworkReference() throws Exception {
    Path page = tmp.resolve("status.html");
    Cli.Result r = status("--html", page.toString());
    assertThat(r.exit()).as(r.err()).isEqualTo(0);
    String html = Files.readString(page);
    assertThat(cells(html)).containsExactly(Map.entry("2024-03-01", "published"), Map.entry("2024-03-02", "failed"),
        Map.entry("2024-03-03", "missing"), Map.entry("2024-03-04", "not-ready"));
    assertThat(html).doesNotContain("http://", "https://", "<script", "<link").contains("<svg");
  }

  @Test
  void headlessChromiumRendersTheHtmlPageWithOneCellPerDate() throws Exception {
    assumeTrue(Files.isExecutable(CHROMIUM), "/usr/bin/chromium is not installed (apt-get install -y chromium;"
        + " .ci/run installs it): the page is not rendered");
    Path page = tmp.resolve("status.html");
    Cli.Result r = Cli.run("status", "--job", "vsco_events", "--from", "2024-01-01", "--to", "2024-03-31", "--set",
        "source.path=" + alpha, "--set", "lake.root=" + lake, "--html", page.toString());
    assertThat(r.exit()).as(r.err()).isEqualTo(0);

    Path png = tmp.resolve("status.png");
    String dom = chromium(page, "--screenshot=" + png, "--window-size=1200,900");
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image).as("screenshot " + png + "; chromium said: " + dom).isNotNull();
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 3) {
      for (int x = 0; x < image.getWidth(); x += 3) {
        colours.add(image.getRGB(x, y));
      }
    }
    assertThat(colours.size()).as("distinct colours in the screenshot").isGreaterThan(5);
    assertThat(colours).as("the published cell's green").contains(0xff2e7d32);

    String rendered = chromium(page, "--dump-dom");
    Map<String, String> cells = cells(rendered);
    assertThat(cells).hasSize(91);
    assertThat(cells.get("2024-03-02")).isEqualTo("failed");
  }

  /** Runs headless Chromium on a file with flags that keep it off the network; returns its stdout. */
  private String chromium(Path page, String... flags) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
        "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--hide-scrollbars",
        "--user-data-dir=" + Files.createTempDirectory(tmp, "chromium-profile")));
    cmd.addAll(List.of(flags));
    cmd.add(page.toUri().toString());
    File out = tmp.resolve("chromium.out").toFile();
    Process p = new ProcessBuilder(cmd).redirectOutput(out).redirectError(tmp.resolve("chromium.err").toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish in 120 s: " + cmd);
    }
    assertThat(p.exitValue()).as("chromium exit; stderr: " + Files.readString(tmp.resolve("chromium.err"))).isEqualTo(0);
    return Files.readString(out.toPath());
  }
}
