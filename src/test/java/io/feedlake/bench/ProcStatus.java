package io.feedlake.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Paths;

/** Reads this process's memory figures from Linux's {@code /proc/self/status}. */
final class ProcStatus {
  private ProcStatus() {}

  /**
   * A {@code kB} field of /proc/self/status, e.g. {@code VmHWM} (peak resident set size).
   *
   * @return the value in KiB, or -1 when the field is absent (not Linux)
   */
  static long kilobytes(String field) {
    try {
      for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
        if (line.startsWith(field + ":")) {
          return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").strip());
        }
      }
      return -1;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read /proc/self/status for " + field, e);
    }
  }
}
