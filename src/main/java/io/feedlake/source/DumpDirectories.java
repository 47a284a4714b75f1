package io.feedlake.source;

import io.feedlake.ExitCode;
import io.feedlake.FeedlakeException;
import io.feedlake.config.JobSpec.ReadyMode;
import io.feedlake.config.JobSpec.ReadyRule;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dated dump directories: {@code <root>/<dump-dir>}, where the dump-dir pattern holds a {@code
 * {date}} placeholder (ISO date) and optionally {@code {topic}}, as in {@code {topic}/dt={date}}.
 * Lists the files of one date, once the date's input is complete by the job's {@link ReadyRule}
 * ({@code source.ready}), and finds the dates present. Runs on the driver.
 */
public final class DumpDirectories {
  private static final Logger LOG = LoggerFactory.getLogger(DumpDirectories.class);

  private final String root;
  private final String pattern;
  private final String noun;
  private final ReadyRule ready;

  /**
   * @param root alpha root (local path or Hadoop FS URI)
   * @param dumpDir the dump-dir pattern below {@code root}, with {@code {date}}
   * @param topic substituted for {@code {topic}}; may be null when the pattern has no {@code
   *     {topic}}
   * @param noun what one date's input is called in messages, e.g. {@code kcat dump for topic t}
   * @param ready when a date's directory counts as complete
   */
  public DumpDirectories(String root, String dumpDir, String topic, String noun, ReadyRule ready) {
    this.root = root;
    this.pattern = topic == null ? dumpDir : dumpDir.replace("{topic}", topic);
    this.noun = noun;
    this.ready = ready;
  }

  /** The directory of a date: {@code <root>/<dump-dir with {date} substituted>}. */
  public Path directory(LocalDate date) {
    return new Path(root, pattern.replace("{date}", date.toString()));
  }

  /**
   * Whether a file name is hidden by the Hadoop convention ({@code FileInputFormat}'s hidden-file
   * filter, which Spark, Hive and Trino follow): it starts with {@code _} or {@code .}, as
   * in-progress uploads ({@code .p1.json}, {@code _tmp-p1.json}) and markers ({@code _SUCCESS}) do.
   */
  public static boolean isHidden(String name) {
    return name.startsWith("_") || name.startsWith(".");
  }

  /**
   * Lists the files directly in a date's directory whose names end with one of {@code
   * extensions}, sorted by name; other entries, and hidden files ({@link #isHidden}), are logged and ignored.
   *
   * @throws FeedlakeException exit 4 (input not ready) when the directory does not exist, holds
   *     no such file, or is not complete by the ready rule (see {@link #requireReady}); exit 5 when
   *     the file system cannot be listed
   */
  public List<InputFile> list(Configuration conf, LocalDate date, List<String> extensions) {
    Path dir = directory(date);
    try {
      FileSystem fs = dir.getFileSystem(conf);
      if (!fs.exists(dir)) {
        throw FeedlakeException.inputNotReady(
            "No " + noun + " on " + date + ": directory " + dir + " does not exist");
      }
      List<InputFile> files = new ArrayList<>();
      List<String> ignored = new ArrayList<>();
      List<String> hidden = new ArrayList<>();
      FileStatus[] statuses = fs.listStatus(dir);
      List<FileStatus> all = new ArrayList<>();
      Arrays.sort(statuses, Comparator.comparing(s -> s.getPath().getName()));
      for (FileStatus st : statuses) {
        String name = st.getPath().getName();
        if (st.isFile()) {
          all.add(st);
        }
        if (isHidden(name)) {
          if (st.isFile() && extensions.stream().anyMatch(name::endsWith)) {
            hidden.add(name);
          }
        } else if (st.isFile() && extensions.stream().anyMatch(name::endsWith)) {
          files.add(new InputFile(st.getPath().toString(), st.getLen()));
        } else {
          ignored.add(name);
        }
      }
      if (!hidden.isEmpty()) {
        LOG.warn("Ignoring {} hidden file(s) in {} (names starting with . or _, skipped like Hadoop and Spark do:"
            + " temporary or in-progress files): {}", hidden.size(), dir, hidden);
      }
      if (!ignored.isEmpty()) {
        LOG.info("Ignoring {} entries in {} that do not end with {}: {}", ignored.size(), dir,
            extensions, ignored);
      }
      if (files.isEmpty()) {
        throw FeedlakeException.inputNotReady(
            "No " + noun + " on " + date + ": " + dir + " holds no file ending with " + extensions);
      }
      requireReady(ready, fs, dir, all, noun + " on " + date, Instant.now());
      return files;
    } catch (IOException e) {
      throw new FeedlakeException(ExitCode.TRANSIENT, "Cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Checks that a date's input is complete by a ready rule, for every dump source (the one place
   * {@code source.ready} is applied): {@code any} accepts what is there; {@code marker} needs the
   * marker file directly in {@code dir}; {@code quiet-period} needs every file of the date to have
   * been last modified at least the quiet period before {@code now} (modification times as the
   * file system reports them; on S3, the object's upload time).
   *
   * @param files the date's files (every file, not only data files: a half-copied temporary file
   *     means the copy is still going on)
   * @param what the date's input in messages, e.g. {@code kcat dump for topic t on 2024-03-01}
   * @throws FeedlakeException exit 4 with the reason in one line when the input is not complete;
   *     exit 5 when the marker cannot be looked up
   */
  public static void requireReady(
      ReadyRule rule, FileSystem fs, Path dir, List<FileStatus> files, String what, Instant now) {
    if (rule.mode() == ReadyMode.MARKER) {
      Path marker = new Path(dir, rule.marker());
      boolean present;
      try {
        present = fs.getFileStatus(marker).isFile();
      } catch (java.io.FileNotFoundException e) {
        present = false;
      } catch (IOException e) {
        throw new FeedlakeException(ExitCode.TRANSIENT, "Cannot look for the marker " + marker + ": " + e.getMessage(), e);
      }
      if (!present) {
        throw FeedlakeException.inputNotReady(
            "Not ready: " + what + ": marker file " + marker + " is missing (source.ready = marker)");
      }
    } else if (rule.mode() == ReadyMode.QUIET_PERIOD) {
      FileStatus newest = files.stream().max(Comparator.comparingLong(FileStatus::getModificationTime)).orElse(null);
      if (newest == null) {
        return;
      }
      Instant modified = Instant.ofEpochMilli(newest.getModificationTime());
      Duration age = Duration.between(modified, now);
      if (age.compareTo(rule.quietPeriod()) < 0) {
        throw FeedlakeException.inputNotReady(
            "Not ready: " + what + ": " + newest.getPath() + " was modified at " + modified + ", "
                + age.toSeconds() + "s ago, within source.quiet-period = " + rule.quietPeriod().toSeconds()
                + "s (source.ready = quiet-period); ready at " + modified.plus(rule.quietPeriod())
                + " if nothing changes");
      }
    }
  }

  /**
   * Dates for which a directory exists, found by listing the parent of the {@code {date}}
   * segment and parsing the names that start with the text before the placeholder, sorted.
   *
   * @throws FeedlakeException exit 5 when the file system cannot be listed
   */
  public List<LocalDate> availableDates(Configuration conf) {
    int idx = pattern.indexOf("{date}");
    String before = pattern.substring(0, idx);
    int slash = before.lastIndexOf('/');
    Path parent = new Path(root, slash < 0 ? "." : before.substring(0, slash));
    String prefix = slash < 0 ? before : before.substring(slash + 1);
    List<LocalDate> dates = new ArrayList<>();
    try {
      FileSystem fs = parent.getFileSystem(conf);
      if (!fs.exists(parent)) {
        return dates;
      }
      for (FileStatus st : fs.listStatus(parent)) {
        String name = st.getPath().getName();
        if (st.isDirectory() && name.startsWith(prefix)) {
          try {
            dates.add(LocalDate.parse(name.substring(prefix.length())));
          } catch (DateTimeParseException e) {
            LOG.debug("Skipping {}: not a dump date directory", st.getPath());
          }
        }
      }
    } catch (IOException e) {
      throw new FeedlakeException(ExitCode.TRANSIENT, "Cannot list " + parent + ": " + e.getMessage(), e);
    }
    dates.sort(Comparator.naturalOrder());
    return dates;
  }
}
