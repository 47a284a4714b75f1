package io.feedlake.bench;

import io.feedlake.cli.Main;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * Child process of {@link IngestBenchmark}: runs a feedlake command line ({@link Main#run}) in a
 * fresh JVM, then the same command again with {@code --set table.name=<second table>} in the
 * same, now warm JVM (Spark session and catalog already started). After each run it appends one
 * line {@code run=<1|2> exit=<code> start_ms=<epoch ms> end_ms=<epoch ms> vmhwm_kb=<peak RSS so
 * far, from /proc/self/status>} to the marker file. Exits with the first non-zero exit code.
 *
 * <p>Usage: {@code CliTwice <marker file> <second table> <feedlake arguments...>}
 */
public final class CliTwice {
  private CliTwice() {}

  public static void main(String[] args) throws IOException {
    Path marker = Paths.get(args[0]);
    List<String> first = List.of(args).subList(2, args.length);
    List<String> second = new ArrayList<>(first);
    second.addAll(List.of("--set", "table.name=" + args[1]));
    int code = 0;
    int i = 1;
    for (List<String> run : List.of(first, second)) {
      long start = System.currentTimeMillis();
      int exit = Main.run(run.toArray(String[]::new));
      long end = System.currentTimeMillis();
      Files.writeString(marker, String.format("run=%d exit=%d start_ms=%d end_ms=%d vmhwm_kb=%d%n", i++, exit, start,
          end, ProcStatus.kilobytes("VmHWM")), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      System.out.flush();
      code = code != 0 ? code : exit;
      if (exit != 0) {
        break;
      }
    }
    SparkSession.getDefaultSession().foreach(s -> {
      s.stop();
      return null;
    });
    System.exit(code);
  }
}
