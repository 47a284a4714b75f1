package io.feedlake.faults;

import io.feedlake.cli.Main;
import io.feedlake.testing.StandaloneCluster;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A feedlake command line in a child JVM, as an operator runs it: the test JVM's options (the Java
 * 17 {@code --add-opens} flags Spark needs) with a smaller heap, the test classpath, {@link Main},
 * stdout and stderr to a log file. Started small, for a short life on a tiny input: client
 * compiler only, serial GC, {@code local[1]}, one shuffle partition, no UI (given as {@code
 * spark.*} system properties, which Spark reads like spark-submit's settings). Optionally told to pause at a publish stage ({@link
 * io.feedlake.publish.PausePoints}) so that the test can kill it there or hold it while another
 * process runs.
 */
final class ChildFeedlake {
  private final Process process;
  private final Path log;
  private final Path pauseDir;
  private final String stage;

  private ChildFeedlake(Process process, Path log, Path pauseDir, String stage) {
    this.process = process;
    this.log = log;
    this.pauseDir = pauseDir;
    this.stage = stage;
  }

  /**
   * Starts {@code feedlake <args>}.
   *
   * @param work directory for the log and the pause markers
   * @param name a short name for the log file
   * @param pauseAt the stage to pause at, or null
   */
  static ChildFeedlake start(Path work, String name, String pauseAt, List<String> args) throws IOException {
    Path log = work.resolve(name + ".log");
    Path pauseDir = work.resolve(name + ".pause");
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("-Xmx")) {
        cmd.add("-Xmx768m");
      } else if (a.startsWith("--add-opens") || a.startsWith("-D") && !a.startsWith("-Dfeedlake.test")) {
        cmd.add(a);
      }
    }
    cmd.addAll(List.of(StandaloneCluster.FAST_START.split(" ")));
    cmd.addAll(List.of("-Dspark.master=local[1]",
        "-Dspark.sql.shuffle.partitions=1", "-Dspark.default.parallelism=1", "-Dspark.ui.enabled=false"));
    cmd.add("-Dfeedlake.home=" + Path.of("").toAbsolutePath());
    if (pauseAt != null) {
      cmd.add("-Dfeedlake.test.pause-at=" + pauseAt);
      cmd.add("-Dfeedlake.test.pause-dir=" + pauseDir);
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
    cmd.addAll(args);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
    return new ChildFeedlake(p, log, pauseDir, pauseAt);
  }

  /**
   * Waits until the child reaches its pause stage (its marker file appears).
   *
   * @throws AssertionError when the child ends first or does not get there within the timeout,
   *     with the tail of its log
   */
  void awaitPause(long timeoutSeconds) throws IOException, InterruptedException {
    Path marker = pauseDir.resolve(stage + ".reached");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    while (!Files.exists(marker)) {
      if (!process.isAlive()) {
        throw new AssertionError("feedlake ended with exit " + process.exitValue() + " before reaching stage "
            + stage + "; log " + log + ":\n" + tail());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("feedlake did not reach stage " + stage + " in " + timeoutSeconds + " s; log:\n" + tail());
      }
      Thread.sleep(50);
    }
  }

  /** Lets a paused child go on. */
  void resume() throws IOException {
    Files.writeString(pauseDir.resolve(stage + ".go"), "go", StandardCharsets.UTF_8);
  }

  /** {@code kill -9}: the JVM ends at once, no shutdown hook, no finally block. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(60, TimeUnit.SECONDS);
  }

  /** Waits for the child to end and returns its exit code. */
  int exit(long timeoutSeconds) throws InterruptedException, IOException {
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("feedlake did not end within " + timeoutSeconds + " s; log:\n" + tail());
    }
    return process.exitValue();
  }

  /** Everything the child printed. */
  String output() throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  String tail() throws IOException {
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
  }
}
