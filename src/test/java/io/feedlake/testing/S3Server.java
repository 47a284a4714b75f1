package io.feedlake.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An S3-protocol server on loopback for tests and for trying feedlake by hand: S3Proxy 2.9.0 (Apache
 * 2.0, from Maven Central) in a child JVM, on a free port, with jclouds' in-memory {@code transient}
 * blob store and no authorization (requests are accepted whatever their signature). The {@code
 * filesystem} blob store is not used: it keeps objects as files and loses the empty directory
 * markers S3A writes ({@code mkdirs} of an empty partition then reads back as missing).
 *
 * <p>It runs as a child JVM because its jar-with-dependencies carries Jetty 11, Guava, Jackson and
 * jclouds unrelocated, at versions other than Spark's and Hive's. The jar is copied to {@code
 * target/s3proxy/s3proxy.jar} by the {@code s3proxy} execution of maven-dependency-plugin (phase
 * {@code pre-integration-test}, or {@code mvn dependency:copy@s3proxy}); the system property {@code
 * s3proxy.jar} overrides the location.
 */
public final class S3Server implements AutoCloseable {
  /** The fixed test keys S3A signs with; the server does not check them. */
  public static final String ACCESS_KEY = "feedlake-test";

  /** The secret paired with {@link #ACCESS_KEY}. */
  public static final String SECRET_KEY = "feedlake-test-secret";

  private final Process process;
  private final int port;
  private final Path log;

  private S3Server(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * Starts S3Proxy and waits (up to 120 s) until it accepts connections.
   *
   * @param dir directory for the properties file and the server's log
   * @return the running server; close it to stop the child JVM
   * @throws IOException if the jar is missing, or the server exits or does not listen in time
   */
  public static S3Server start(Path dir) throws IOException {
    Path jar = Paths.get(System.getProperty("s3proxy.jar", "target/s3proxy/s3proxy.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IOException("Cannot start S3Proxy: " + jar.toAbsolutePath()
          + " does not exist (run mvn dependency:copy@s3proxy, or mvn verify)");
    }
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Files.createDirectories(dir);
    Path props = dir.resolve("s3proxy.properties");
    Files.writeString(props, String.join("\n",
        "s3proxy.endpoint=http://127.0.0.1:" + port,
        "s3proxy.authorization=none",
        "jclouds.provider=transient",
        ""), StandardCharsets.UTF_8);
    Path log = dir.resolve("s3proxy.log");
    Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder pb = new ProcessBuilder(List.of(java.toString(), "-Xmx512m", "-jar", jar.toAbsolutePath().toString(),
            "--properties", props.toAbsolutePath().toString()))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    // S3Proxy logs every request it serves ("request: ...") at debug level: the tests count them.
    pb.environment().put("LOG_LEVEL", "debug");
    Process p = pb.start();
    S3Server server = new S3Server(p, port, log);
    // A test JVM stopped early (Ctrl-C, a killed fork) takes the server with it.
    Runtime.getRuntime().addShutdownHook(new Thread(p::destroy));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IOException("S3Proxy exited with " + p.exitValue() + " before listening on port " + port
            + "; its log: " + Files.readString(log));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return server;
      } catch (IOException notYet) {
        sleep(200);
      }
    }
    server.close();
    throw new IOException("S3Proxy did not listen on 127.0.0.1:" + port + " within 120 s; its log: " + log);
  }

  /** {@code http://127.0.0.1:<port>}. */
  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  /**
   * Creates a bucket (an unsigned {@code PUT /<bucket>}).
   *
   * @throws IllegalStateException if the server answers other than 200
   */
  public void createBucket(String bucket) {
    try {
      HttpResponse<String> r = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(endpoint() + "/" + bucket))
              .timeout(Duration.ofSeconds(30))
              .PUT(HttpRequest.BodyPublishers.noBody())
              .build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("Cannot create bucket " + bucket + ": HTTP " + r.statusCode() + " " + r.body());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create bucket " + bucket + " at " + endpoint(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted creating bucket " + bucket, e);
    }
  }

  /**
   * Uploads a local file as one object (an unsigned {@code PUT /<bucket>/<key>}).
   *
   * @throws IllegalStateException if the server answers other than 200
   */
  public void putObject(String bucket, String key, Path file) {
    try {
      HttpResponse<String> r = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(endpoint() + "/" + bucket + "/" + key))
              .timeout(Duration.ofSeconds(60))
              .PUT(HttpRequest.BodyPublishers.ofFile(file))
              .build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("Cannot put s3://" + bucket + "/" + key + ": HTTP " + r.statusCode() + " " + r.body());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot put " + file + " to s3://" + bucket + "/" + key, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted putting s3://" + bucket + "/" + key, e);
    }
  }

  /**
   * The Hadoop settings (without the {@code spark.hadoop.} prefix) that point S3A at this server:
   * endpoint, path-style access, plain HTTP, and the fixed test keys through S3A's static
   * {@code SimpleAWSCredentialsProvider}. Test configuration only: feedlake itself never reads keys
   * from its configuration; a real deployment uses the default provider chain.
   */
  public Map<String, String> hadoopSettings() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("fs.s3a.endpoint", endpoint());
    s.put("fs.s3a.endpoint.region", "us-east-1");
    s.put("fs.s3a.path.style.access", "true");
    s.put("fs.s3a.connection.ssl.enabled", "false");
    // AWS SDK 2.30+ sends a CRC32 checksum with multi-object deletes, which S3Proxy 2.9.0 answers with 501
    // NotImplemented (and hadoop-aws 3.4.1 has no switch for it); one DeleteObject per key instead.
    s.put("fs.s3a.multiobjectdelete.enable", "false");
    s.put("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    s.put("fs.s3a.access.key", ACCESS_KEY);
    s.put("fs.s3a.secret.key", SECRET_KEY);
    return s;
  }

  /**
   * The requests served so far, as S3Proxy logs them (one {@code request: ...} line each, the
   * method first), in order.
   *
   * @throws UncheckedIOException when the log cannot be read
   */
  public List<String> requests() {
    try (var lines = Files.lines(log, StandardCharsets.UTF_8)) {
      return lines.filter(l -> l.contains("] request: "))
          .map(l -> l.substring(l.indexOf("] request: ") + "] request: ".length()))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the S3Proxy log " + log, e);
    }
  }

  /** The server's log (stdout and stderr of the child JVM). */
  public Path log() {
    return log;
  }

  /** Stops the child JVM (and waits up to 30 s for it to end). */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Runs the server until Ctrl-C and prints the feedlake settings to use ({@code scripts/test-servers
   * s3 DIR [BUCKET...]}).
   *
   * @param args a directory for the server's properties and log, then the buckets to create (default
   *     {@code alpha lake})
   */
  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: S3Server DIR [BUCKET...]");
      System.exit(2);
    }
    S3Server server = start(Paths.get(args[0]));
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    List<String> buckets = args.length > 1 ? List.of(args).subList(1, args.length) : List.of("alpha", "lake");
    buckets.forEach(server::createBucket);
    Path samples = Paths.get("data-samples");
    if (buckets.contains("alpha") && Files.isDirectory(samples)) {
      for (String feed : List.of("kafka", "adobe")) {
        Path from = samples.resolve(feed);
        try (var files = Files.walk(from)) {
          for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
            server.putObject("alpha", feed + "/" + from.relativize(f).toString().replace(File.separatorChar, '/'), f);
          }
        }
      }
      System.out.println("Copied data-samples/kafka and data-samples/adobe to s3a://alpha/kafka and s3a://alpha/adobe.");
    }
    StringBuilder sets = new StringBuilder();
    server.hadoopSettings().entrySet().stream()
        // By hand the keys come from the environment (S3A's default chain), not from configuration.
        .filter(e -> !e.getKey().contains("credentials") && !e.getKey().endsWith(".key"))
        .forEach(e -> sets.append(" \\\n  --set 'spark.conf.\"spark.hadoop.").append(e.getKey()).append("\"=").append(e.getValue()).append("'"));
    System.out.println("S3Proxy listening on " + server.endpoint() + " (in memory: gone when it stops; buckets "
        + buckets + "; log " + server.log() + ")");
    System.out.println("Ingest from and into s3a://, e.g.:");
    System.out.println("  AWS_ACCESS_KEY_ID=" + ACCESS_KEY + " AWS_SECRET_ACCESS_KEY=" + SECRET_KEY
        + " \\\n  scripts/feedlake ingest --job vsco_events --date 2024-03-01 \\\n  --set source.path=s3a://alpha/kafka"
        + " --set lake.root=s3a://lake/demo --set catalog.embedded.dir=/tmp/feedlake-s3-catalog" + sets);
    System.out.println("Ctrl-C stops it.");
    server.process.waitFor();
  }
}
