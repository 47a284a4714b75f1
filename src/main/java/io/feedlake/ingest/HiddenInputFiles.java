package io.feedlake.ingest;

import io.feedlake.source.DumpDirectories;
import io.feedlake.source.InputFile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hidden files beside a date's input files that the ingest did not read, for the run summary:
 * names starting with {@code .} or {@code _} ({@link DumpDirectories#isHidden}, Hadoop's
 * convention: in-progress uploads such as {@code .p1.json} or {@code _tmp-p1.json}) that end like
 * one of the files read ({@code .json}, {@code .json.gz}, ...), so markers like {@code _SUCCESS}
 * are not listed. One listing of each directory the input files are in (usually one per date),
 * on the driver; a directory that cannot be listed is skipped with a warning (the input was
 * listed already: this only reports).
 *
 * @param names the hidden files' paths, sorted
 */
public record HiddenInputFiles(List<String> names) {
  private static final Logger LOG = LoggerFactory.getLogger(HiddenInputFiles.class);

  /** The metric counting them ({@code dates[].metrics.hidden_files} in the summary). */
  public static final String METRIC = "hidden_files";

  public HiddenInputFiles {
    names = List.copyOf(names);
  }

  /**
   * Lists the hidden files beside {@code files}.
   *
   * @param conf Hadoop configuration of the input's file system
   * @param files the date's input files, as the source listed them
   */
  public static HiddenInputFiles beside(Configuration conf, List<InputFile> files) {
    Set<Path> dirs = new LinkedHashSet<>();
    Set<String> endings = new LinkedHashSet<>();
    for (InputFile f : files) {
      Path p = new Path(f.path());
      dirs.add(p.getParent());
      String name = p.getName();
      int dot = name.indexOf('.', 1);
      if (dot > 0) {
        endings.add(name.substring(dot));
      }
    }
    Set<String> hidden = new TreeSet<>();
    for (Path dir : dirs) {
      try {
        FileSystem fs = dir.getFileSystem(conf);
        for (FileStatus st : fs.listStatus(dir)) {
          String name = st.getPath().getName();
          if (st.isFile() && DumpDirectories.isHidden(name) && endings.stream().anyMatch(name::endsWith)) {
            hidden.add(st.getPath().toString());
          }
        }
      } catch (IOException e) {
        LOG.warn("Cannot list {} for hidden files: {}", dir, e.toString());
      }
    }
    return new HiddenInputFiles(new ArrayList<>(hidden));
  }

  /**
   * Adds the count to a date's metrics ({@value #METRIC}) and the names to its notes, when there
   * are any.
   */
  public void addTo(List<String> notes, java.util.Map<String, Long> metrics) {
    if (!names.isEmpty()) {
      notes.addAll(notes());
      metrics.put(METRIC, (long) names.size());
    }
  }

  /** The note for the run summary and record, or none when there are no hidden files. */
  public List<String> notes() {
    if (names.isEmpty()) {
      return List.of();
    }
    return List.of(names.size() + " hidden file(s) (names starting with . or _, skipped as Hadoop and Spark do)"
        + " were not read: " + String.join(", ", names));
  }
}
