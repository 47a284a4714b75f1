package io.feedlake.testing;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Spark standalone cluster on loopback for tests: one {@code org.apache.spark.deploy.master.Master}
 * and one {@code org.apache.spark.deploy.worker.Worker}, each a child JVM, run from the Spark jars
 * of the test classpath, and {@code org.apache.spark.deploy.SparkSubmit} runs against it.
 *
 * <p>The Worker starts executors (and, in cluster deploy mode, drivers) with the class path of
 * {@code $SPARK_HOME/jars/*} (Spark's launcher, {@code AbstractCommandBuilder#buildClassPath}), so
 * the cluster gets a fake {@code SPARK_HOME} whose {@code jars/} holds links to the test class path's
 * jars, minus feedlake's own classes, what the shaded jar bundles (picocli, Typesafe Config, the Glue
 * and STS clients) and the test-only libraries. What remains is what a cluster provides: Spark,
 * Hadoop 3.4.1, and hadoop-aws with the AWS SDK v2 modules S3A needs (as EMR ships them). Every JVM
 * gets Spark's Java 17 {@code --add-opens} list (system property {@code spark.jvm.opens}) and {@code
 * SPARK_LOCAL_IP=127.0.0.1}; the web UIs bind to loopback on free ports. The master, the worker
 * and spark-submit run with the C1 compiler only and the serial collector ({@link #FAST_START}):
 * short-lived JVMs on a 2-core machine, where C2's compile threads cost more CPU than they repay.
 */
public final class StandaloneCluster implements AutoCloseable {
  /**
   * JVM options for the tests' short-lived child JVMs: this cluster's, the drivers and executors of
   * {@code StandaloneClusterIT}, and CrashIT's children ({@code ChildFeedlake}). C1 only, serial GC:
   * they change no behaviour, only CPU spent.
   */
  public static final String FAST_START = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";
  /** Maven repository folders of jars that a cluster does not carry (test libraries, feedlake's bundled ones). */
  private static final List<String> NOT_ON_A_CLUSTER = List.of(
      "/org/junit/", "/junit/junit/", "/org/opentest4j/", "/org/apiguardian/", "/org/assertj/", "/net/bytebuddy/",
      "/com/holdenkarau/", "/org/scalatest/", "/org/scalactic/", "/org/scalatestplus/", "/org/scalacheck/",
      "/org/scala-sbt/", "/org/hamcrest/", "/org/duckdb/", "/info/picocli/", "/com/typesafe/config/",
      "/software/amazon/awssdk/glue/", "/software/amazon/awssdk/sts/", "/software/amazon/awssdk/url-connection-client/");

  /** Cores the worker offers: the cluster-mode driver takes one, the executor the other. */
  public static final int WORKER_CORES = 2;

  private final Path dir;
  private final Path sparkHome;
  private final List<String> opens;
  private final int masterPort;
  private final List<Process> processes = new ArrayList<>();

  private StandaloneCluster(Path dir, Path sparkHome, List<String> opens, int masterPort) {
    this.dir = dir;
    this.sparkHome = sparkHome;
    this.opens = opens;
    this.masterPort = masterPort;
  }

  /**
   * Builds the fake {@code SPARK_HOME} under {@code dir} and starts the master and the worker; returns
   * once the worker has registered (up to 120 s).
   *
   * @param dir directory for {@code spark-home/}, the worker's {@code work/} and the logs
   * @param workerMemoryMb memory the worker offers to drivers and executors
   * @throws IOException if a JVM cannot start, exits, or the worker does not register in time
   */
  public static StandaloneCluster start(Path dir, int workerMemoryMb) throws IOException {
    Path home = dir.resolve("spark-home");
    Path jars = home.resolve("jars");
    Files.createDirectories(jars);
    Files.createDirectories(home.resolve("conf"));
    for (String entry : testClassPath()) {
      Path p = Paths.get(entry);
      String unix = p.toAbsolutePath().toString().replace(File.separatorChar, '/');
      if (!entry.endsWith(".jar") || !Files.isRegularFile(p) || NOT_ON_A_CLUSTER.stream().anyMatch(unix::contains)) {
        continue;
      }
      Path link = jars.resolve(p.getFileName());
      if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        Files.createSymbolicLink(link, p.toAbsolutePath());
      }
    }
    List<String> opens = List.of(System.getProperty("spark.jvm.opens", "").trim().split("\\s+"));
    int port = freePort();
    StandaloneCluster c = new StandaloneCluster(dir, home, opens.get(0).isEmpty() ? List.of() : opens, port);
    try {
      Path masterLog = dir.resolve("master.log");
      c.processes.add(c.java(List.of("-Xmx256m"), "org.apache.spark.deploy.master.Master",
          List.of("--host", "127.0.0.1", "--port", String.valueOf(port), "--webui-port", String.valueOf(freePort())),
          masterLog, dir));
      c.await(masterLog, "I have been elected leader", "master");
      Path workerLog = dir.resolve("worker.log");
      Files.createDirectories(dir.resolve("work"));
      c.processes.add(c.java(List.of("-Xmx256m"), "org.apache.spark.deploy.worker.Worker",
          List.of("--host", "127.0.0.1", "--cores", String.valueOf(WORKER_CORES), "--memory", workerMemoryMb + "m",
              "--work-dir", dir.resolve("work").toString(), "--webui-port", String.valueOf(freePort()), c.masterUrl()),
          workerLog, dir));
      c.await(workerLog, "Successfully registered with master", "worker");
    } catch (IOException | RuntimeException e) {
      c.close();
      throw e;
    }
    return c;
  }

  /** {@code spark://127.0.0.1:<port>}. */
  public String masterUrl() {
    return "spark://127.0.0.1:" + masterPort;
  }

  /** Spark's Java 17 module options, as one string for {@code spark.*.extraJavaOptions}. */
  public String javaOptions() {
    return String.join(" ", opens);
  }

  /** The fake {@code SPARK_HOME}. */
  public Path sparkHome() {
    return sparkHome;
  }

  /**
   * Outcome of one spark-submit.
   *
   * @param exit SparkSubmit's exit status
   * @param log its stdout and stderr, interleaved
   */
  public record Submitted(int exit, String log) {}

  /**
   * Runs {@code SparkSubmit} (a child JVM with the cluster's class path, working directory {@code
   * workDir}) and waits for it, up to {@code timeoutSeconds}.
   *
   * @param args spark-submit's arguments, {@code --master} excluded (this cluster's is added first)
   * @throws IOException if it cannot start or does not end in time (it is then killed)
   */
  public Submitted submit(List<String> args, Path workDir, long timeoutSeconds) throws IOException {
    List<String> all = new ArrayList<>(List.of("--master", masterUrl()));
    all.addAll(args);
    Files.createDirectories(workDir);
    Path log = Files.createTempFile(dir, "submit-", ".log");
    Process p = java(List.of("-Xmx768m", "-Duser.timezone=UTC"), "org.apache.spark.deploy.SparkSubmit", all, log, workDir);
    try {
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new IOException("spark-submit " + args + " did not end within " + timeoutSeconds + " s; its log:\n"
            + Files.readString(log, StandardCharsets.UTF_8));
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted waiting for spark-submit", e);
    } finally {
      processes.remove(p);
    }
    return new Submitted(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  /**
   * The stdout and stderr of every driver the worker ran in cluster deploy mode ({@code
   * work/driver-*}/{@code stdout}, {@code stderr}), newest last.
   *
   * @throws IOException if the work directory cannot be read
   */
  public String driverLogs() throws IOException {
    StringBuilder out = new StringBuilder();
    try (Stream<Path> drivers = Files.list(dir.resolve("work"))) {
      for (Path d : drivers.filter(p -> p.getFileName().toString().startsWith("driver-")).sorted().toList()) {
        for (String f : List.of("stdout", "stderr")) {
          Path file = d.resolve(f);
          if (Files.isRegularFile(file)) {
            out.append("==> ").append(file).append('\n').append(Files.readString(file, StandardCharsets.UTF_8));
          }
        }
      }
    }
    return out.toString();
  }

  /** Stops the worker, then the master, waiting up to 30 s each. */
  @Override
  public void close() {
    List<Process> all = new ArrayList<>(processes);
    java.util.Collections.reverse(all);
    for (Process p : all) {
      p.descendants().forEach(ProcessHandle::destroy);
      p.destroy();
      try {
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
          p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
      p.descendants().forEach(ProcessHandle::destroyForcibly);
    }
    processes.clear();
  }

  private Process java(List<String> jvmOptions, String mainClass, List<String> args, Path log, Path workDir)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of(FAST_START.split(" ")));
    cmd.addAll(opens);
    cmd.add("-cp");
    cmd.add(sparkHome.resolve("conf") + File.pathSeparator + sparkHome.resolve("jars") + File.separator + "*");
    cmd.add(mainClass);
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    pb.environment().put("SPARK_HOME", sparkHome.toString());
    pb.environment().put("SPARK_SCALA_VERSION", "2.12");
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().put("SPARK_LOCAL_HOSTNAME", "localhost");
    pb.environment().remove("SPARK_CONF_DIR");
    pb.environment().remove("HADOOP_CONF_DIR");
    pb.environment().remove("FEEDLAKE_HOME");
    Process p = pb.start();
    // A test JVM stopped early takes the cluster with it.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }));
    return p;
  }

  private void await(Path log, String line, String what) throws IOException {
    Process p = processes.get(processes.size() - 1);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      if (Files.isRegularFile(log) && Files.readString(log, StandardCharsets.UTF_8).contains(line)) {
        return;
      }
      if (!p.isAlive()) {
        throw new IOException("The Spark " + what + " exited with " + p.exitValue() + "; its log:\n" + Files.readString(log));
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("Interrupted waiting for the Spark " + what, e);
      }
    }
    throw new IOException("The Spark " + what + " did not log '" + line + "' within 120 s; its log: " + log);
  }

  private static List<String> testClassPath() {
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    return List.of(cp.split(File.pathSeparator));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Whether something listens on a loopback port (used by tests to check that the cluster stopped). */
  public boolean listening() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", masterPort), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
