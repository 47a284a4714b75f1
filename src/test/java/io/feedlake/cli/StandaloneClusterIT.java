package io.feedlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.feedlake.testing.Cli;
import io.feedlake.testing.S3Server;
import io.feedlake.testing.StandaloneCluster;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The shaded jar as {@code mvn package} ships it ({@code target/feedlake.jar}), submitted with
 * {@code SparkSubmit} to a Spark standalone master and worker on loopback ({@link
 * StandaloneCluster}), in client and in cluster deploy mode, against S3Proxy ({@link S3Server}): the
 * kcat sample in {@code s3a://alpha/kafka}, the lake in {@code s3a://lake/l}, and the configuration
 * traveling with the job: {@code --conf-file s3a://conf/conf/cluster.conf} (which includes the
 * shipped {@code application.conf} beside it) naming {@code jobs.dir = s3a://conf/jobs}. The S3A
 * settings come from {@code spark-submit --conf spark.hadoop.*}, as an operator passes them. Nothing
 * but the jar is on the application's class path beyond what the cluster provides (Spark, Hadoop,
 * hadoop-aws and the SDK modules S3A needs).
 *
 * <p>The embedded Derby metastore is a local directory shared by the drivers, which run one after the
 * other on this one machine. Exit codes are read back with {@code feedlake outcome --run-id}, run in
 * this JVM against the same lake. The wall time is written to {@code target/cluster-it.txt}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LAKE = "s3a://lake/l";
  private static final String CONF_FILE = "s3a://conf/conf/cluster.conf";
  private static S3Server s3;
  private static StandaloneCluster cluster;
  private static Path dir;
  private static Path jar;
  private static Path outcomeConf;
  private static long started;
  private static final StringBuilder TIMES = new StringBuilder();

  @BeforeAll
  static void startS3AndTheCluster() throws IOException {
    started = System.nanoTime();
    jar = Paths.get(System.getProperty("feedlake.jar", "target/feedlake.jar")).toAbsolutePath();
    assertThat(jar).as("the shaded jar (mvn package)").isRegularFile();
    dir = Files.createTempDirectory("feedlake-cluster-it");
    s3 = S3Server.start(dir.resolve("s3"));
    for (String bucket : List.of("alpha", "lake", "conf")) {
      s3.createBucket(bucket);
    }
    Configuration hadoop = new Configuration();
    s3.hadoopSettings().forEach(hadoop::set);
    upload(hadoop, local("data-samples/kafka"), "s3a://alpha/kafka");
    upload(hadoop, local("jobs"), "s3a://conf/jobs");
    upload(hadoop, local("conf/application.conf"), "s3a://conf/conf/application.conf");
    Path cluster = dir.resolve("cluster.conf");
    Files.writeString(cluster, String.join("\n",
        "include \"application.conf\"",
        "lake.root = \"" + LAKE + "\"",
        "jobs.dir = \"s3a://conf/jobs\"",
        "catalog.embedded.dir = \"" + dir.resolve("catalog") + "\"",
        ""), StandardCharsets.UTF_8);
    upload(hadoop, new org.apache.hadoop.fs.Path(cluster.toUri()), CONF_FILE);
    // For `feedlake outcome` in this JVM: the lake, and S3A pointed at the server.
    StringBuilder conf = new StringBuilder("lake.root = \"" + LAKE + "\"\n");
    // Validated but never opened (outcome starts no Spark): the drivers' Derby stays theirs.
    conf.append("catalog.embedded.dir = \"").append(dir.resolve("outcome-catalog")).append("\"\n");
    s3.hadoopSettings().forEach((k, v) ->
        conf.append("spark.conf.\"spark.hadoop.").append(k).append("\" = \"").append(v).append("\"\n"));
    outcomeConf = dir.resolve("outcome.conf");
    Files.writeString(outcomeConf, conf.toString(), StandardCharsets.UTF_8);
    StandaloneClusterIT.cluster = StandaloneCluster.start(dir.resolve("cluster"), 1536);
    time("S3 server, uploads and cluster up");
  }

  @AfterAll
  static void stop() throws IOException {
    try {
      if (cluster != null) {
        cluster.close();
        assertThat(cluster.listening()).as("master stopped").isFalse();
      }
    } finally {
      if (s3 != null) {
        s3.close();
      }
      time("total");
      Files.createDirectories(Paths.get("target"));
      Files.writeString(Paths.get("target/cluster-it.txt"), TIMES.toString(), StandardCharsets.UTF_8);
      System.err.print(TIMES);
    }
  }

  private static void time(String what) {
    TIMES.append(String.format("StandaloneClusterIT %s: %.1f s%n", what, (System.nanoTime() - started) / 1e9));
  }

  private static void upload(Configuration hadoop, org.apache.hadoop.fs.Path from, String to) throws IOException {
    org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(to);
    target.getFileSystem(hadoop).copyFromLocalFile(from, target);
  }

  private static org.apache.hadoop.fs.Path local(String path) {
    return new org.apache.hadoop.fs.Path(new File(path).getAbsoluteFile().toURI());
  }

  /** spark-submit of the shaded jar with one feedlake command line. */
  private static StandaloneCluster.Submitted submit(String deployMode, String... feedlake) throws IOException {
    List<String> args = new ArrayList<>(List.of("--deploy-mode", deployMode, "--class", "io.feedlake.cli.Main",
        "--driver-memory", "640m", "--executor-memory", "512m", "--total-executor-cores", "1",
        "--conf", "spark.driver.extraJavaOptions=" + cluster.javaOptions() + " -Duser.timezone=UTC "
            + StandaloneCluster.FAST_START,
        "--conf", "spark.executor.extraJavaOptions=-Duser.timezone=UTC " + StandaloneCluster.FAST_START,
        "--conf", "spark.standalone.submit.waitAppCompletion=true",
        "--conf", "spark.sql.shuffle.partitions=2"));
    s3.hadoopSettings().forEach((k, v) -> args.addAll(List.of("--conf", "spark.hadoop." + k + "=" + v)));
    args.add(jar.toString());
    args.addAll(List.of(feedlake));
    args.addAll(List.of("--conf-file", CONF_FILE));
    // About 60-120 s each on an idle 2-core machine; at a load average of 35 (the machine shared by
    // seven builds) one took more than 300 s, so the limit is generous and can be raised.
    StandaloneCluster.Submitted s = cluster.submit(args, dir.resolve("submit-" + deployMode),
        Long.getLong("cluster.it.submit-timeout-seconds", 900));
    time(deployMode + " " + feedlake[0] + " " + String.join(" ", List.of(feedlake).subList(1, Math.min(3, feedlake.length))));
    return s;
  }

  private static Cli.Result outcome(String runId) {
    return Cli.run("outcome", "--run-id", runId, "--json", "--conf-file", outcomeConf.toString());
  }

  private static String context(StandaloneCluster.Submitted s) throws IOException {
    return "spark-submit log:\n" + s.log() + "\ndriver logs:\n" + cluster.driverLogs();
  }

  @Test
  @Order(1)
  void clientModeIngestsOneDateFromS3WithItsJobAndConfOnS3() throws IOException {
    JsonNode want = JSON.readTree(new File("data-samples/kafka/EXPECTED.json")).at("/jobs/vsco_events/dates/2024-03-01");
    StandaloneCluster.Submitted s = submit("client", "ingest", "--job", "vsco_events", "--date", "2024-03-01",
        "--set", "source.path=s3a://alpha/kafka", "--run-id", "it-client-ingest", "--json");

    assertThat(s.exit()).as(context(s)).isZero();
    JsonNode summary = JSON.readTree(s.log().lines().filter(l -> l.startsWith("{\"")).reduce((a, b) -> b).orElseThrow());
    JsonNode counts = summary.get("dates").get(0).get("counts");
    assertThat(counts.get("written").asLong()).isEqualTo(want.get("written").asLong());
    assertThat(counts.get("quarantined").asLong()).isEqualTo(want.get("quarantined").asLong());
    assertThat(summary.get("dates").get(0).get("location").asText()).startsWith(LAKE + "/beta/vsco_events/date=2024-03-01/run=");
    Cli.Result o = outcome("it-client-ingest");
    assertThat(o.exit()).as(o.err()).isZero();
  }

  @Test
  @Order(2)
  void clusterModeRunsAReportOverWhatTheClientModeRunWrote() throws IOException {
    JsonNode expected = JSON.readTree(new File("data-samples/kafka/EXPECTED.json")).at("/reports/events_per_type_per_day");
    Path out = dir.resolve("report.csv");
    StandaloneCluster.Submitted s = submit("cluster", "report", "events_per_type_per_day", "--date", "2024-03-01",
        "--out", out.toString(), "--run-id", "it-cluster-report");

    Cli.Result o = outcome("it-cluster-report");
    assertThat(o.exit()).as(o.err() + "\n" + context(s)).isZero();
    List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
    int rows = 0;
    for (JsonNode row : expected) {
      if (row.get("date").asText().equals("2024-03-01")) {
        rows++;
        assertThat(lines).as(row.toString())
            .contains("2024-03-01," + row.get("event_type").asText() + "," + row.get("events").asLong());
      }
    }
    assertThat(lines).hasSize(rows + 1);
  }

  @Test
  @Order(3)
  void aClusterModeDataContractFailureIsExitThreeFromTheOutcomeCommand() throws IOException {
    StandaloneCluster.Submitted s = submit("cluster", "ingest", "--job", "vsco_events", "--date", "2024-03-02",
        "--set", "source.path=s3a://alpha/kafka", "--set", "quarantine.max-ratio=0", "--run-id", "it-cluster-contract");

    Cli.Result o = outcome("it-cluster-contract");
    assertThat(o.exit()).as(o.err() + "\n" + context(s)).isEqualTo(3);
    assertThat(o.out()).contains("\"recorded\":true");
    assertThat(o.err()).contains("quarantine");
  }

  @Test
  @Order(4)
  void aClusterModeMissingDumpIsExitFourFromTheOutcomeCommand() throws IOException {
    StandaloneCluster.Submitted s = submit("cluster", "ingest", "--job", "vsco_events", "--date", "2024-03-09",
        "--set", "source.path=s3a://alpha/kafka", "--run-id", "it-cluster-missing");

    Cli.Result o = outcome("it-cluster-missing");
    assertThat(o.exit()).as(o.err() + "\n" + context(s)).isEqualTo(4);
    // Recorded by the driver, not the "no record yet" 4.
    assertThat(o.out()).contains("\"recorded\":true");
  }
}
