package io.feedlake.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import io.feedlake.ledger.RecordStore;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The outcome records of caller-named runs ({@code --run-id ID}): the command's JSON summary
 * (command, job, run id, status, exit code, message, dates) at {@code
 * <lake>/_feedlake/outcomes/<job or command>/run=<ID>.json}, written by the driver when the
 * command ends, read by {@code feedlake outcome}. A later attempt with the same ID replaces the
 * record, so it always holds the latest attempt. Runs on the driver.
 *
 * <p>Readers never see a partial record: on S3A an object becomes visible only when its upload
 * completes (one PUT), so it is written in place; on other file systems (local, HDFS) it is
 * written to a {@code _}-prefixed temporary file and renamed, which they do atomically.
 */
final class RunOutcomes {
  /** What a caller's run id may look like (it becomes part of directory and file names). */
  static final String ID_RULE = "letters, digits, '.', '_' and '-', 1 to 100 characters, starting with a letter or digit";

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
  private static final ObjectMapper JSON = new ObjectMapper();

  private RunOutcomes() {}

  /** Whether {@code id} follows {@link #ID_RULE}. */
  static boolean isValidId(String id) {
    return id != null && ID.matcher(id).matches();
  }

  private static Path dir(String lakeRoot) {
    return new Path(lakeRoot, "_feedlake/outcomes");
  }

  /**
   * Writes (or replaces) the outcome of a run.
   *
   * @param key the job, or the command name for commands without a job
   * @param id the caller's run id ({@link #isValidId})
   * @param summaryJson the command's one-line JSON summary
   * @return the record's path
   * @throws IOException when the record cannot be written
   */
  static String write(Configuration conf, String lakeRoot, String key, String id, String summaryJson) throws IOException {
    Path file = new Path(new Path(dir(lakeRoot), key), "run=" + id + ".json");
    byte[] bytes = (summaryJson + "\n").getBytes(StandardCharsets.UTF_8);
    // The same atomic replace as the run records: a reader never sees a partial outcome.
    new RecordStore(conf).write(file, bytes);
    FileSystem fs = file.getFileSystem(conf);
    return fs.makeQualified(file).toString();
  }

  /**
   * One recorded outcome.
   *
   * @param key the job or command it was recorded under
   * @param path where
   * @param summary the recorded JSON summary
   */
  record Outcome(String key, String path, JsonNode summary) {
    /** The recorded exit code. */
    int exitCode() {
      return summary.path("exit_code").asInt(1);
    }
  }

  /**
   * Reads the outcomes recorded under a run id: the one of {@code key}, or with a null key every
   * job's and command's (sorted by key).
   *
   * @throws IOException when the records cannot be listed, or one cannot be read or parsed (the
   *     message names the file)
   */
  static List<Outcome> read(Configuration conf, String lakeRoot, String key, String id) throws IOException {
    Path root = dir(lakeRoot);
    FileSystem fs = root.getFileSystem(conf);
    List<Path> files = new ArrayList<>();
    if (key != null) {
      Path f = new Path(new Path(root, key), "run=" + id + ".json");
      if (fs.exists(f)) {
        files.add(f);
      }
    } else {
      FileStatus[] keys;
      try {
        keys = fs.listStatus(root, p -> !p.getName().startsWith("_") && !p.getName().startsWith("."));
      } catch (FileNotFoundException none) {
        keys = new FileStatus[0];
      }
      Arrays.sort(keys, Comparator.comparing(s -> s.getPath().getName()));
      for (FileStatus k : keys) {
        Path f = new Path(k.getPath(), "run=" + id + ".json");
        if (k.isDirectory() && fs.exists(f)) {
          files.add(f);
        }
      }
    }
    List<Outcome> out = new ArrayList<>();
    for (Path f : files) {
      JsonNode summary;
      try (InputStream in = fs.open(f)) {
        summary = JSON.readTree(in);
      } catch (IOException e) {
        throw new IOException("cannot read outcome record " + fs.makeQualified(f) + ": " + e.getMessage(), e);
      }
      if (summary == null || !summary.has("exit_code")) {
        throw new IOException("outcome record " + fs.makeQualified(f) + " has no exit_code");
      }
      out.add(new Outcome(f.getParent().getName(), fs.makeQualified(f).toString(), summary));
    }
    return out;
  }
}
