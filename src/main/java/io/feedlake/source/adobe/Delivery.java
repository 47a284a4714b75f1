package io.feedlake.source.adobe;

import io.feedlake.ExitCode;
import io.feedlake.FeedlakeException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * One day's Adobe Analytics data feed delivery for one report suite, as found in the landing
 * directory: how its completeness is marked, its manifest, and its lookup and data files (Adobe
 * Experience League, "Data feed contents - overview"; FEEDS.md section 1). Files of every date
 * sit side by side in one directory:
 *
 * <pre>
 * &lt;rsid&gt;_&lt;YYYY-MM-DD&gt;.txt                     manifest, delivered last
 * &lt;rsid&gt;_&lt;YYYY-MM-DD&gt;-lookup_data.tar.gz     lookup archive
 * NN-&lt;rsid&gt;_&lt;YYYY-MM-DD&gt;.tsv.gz              data files (NN = 01, 02, ...)
 * &lt;rsid&gt;_&lt;YYYY-MM-DD&gt;.fin                     legacy finish marker (no metadata)
 * </pre>
 *
 * <p>Only exact names count: a file still being transferred by sFTP ends with {@code .part} and is
 * not part of the delivery (Adobe Experience League, data feeds, "Best practices and general
 * information").
 *
 * <p>{@link #find} runs on the driver and checks everything that needs no file content: the
 * manifest's presence and syntax, that every listed file exists with its {@code File-Size}, and
 * that no unlisted data file is there. {@link #verify} checks the content-derived figures (MD5
 * digests, record counts) once the files have been read.
 *
 * @param date the delivery date
 * @param marker how completeness is marked
 * @param manifestPath the manifest's path, or null without a manifest
 * @param manifest the parsed manifest, or null without one
 * @param lookupFiles the lookup files
 * @param dataFiles the data files, sorted by name
 */
public record Delivery(
    LocalDate date,
    Marker marker,
    String manifestPath,
    Manifest manifest,
    List<DeliveredFile> lookupFiles,
    List<DeliveredFile> dataFiles) {

  public Delivery {
    lookupFiles = List.copyOf(lookupFiles);
    dataFiles = List.copyOf(dataFiles);
  }

  /** How a delivery tells that it is complete. */
  public enum Marker {
    /** {@code <rsid>_<date>.txt}: complete, with sizes, digests and record counts. */
    MANIFEST,
    /** {@code <rsid>_<date>.fin}: complete, nothing to check against. */
    FIN,
    /** Nothing: completeness is assumed (only when the job allows it). */
    NONE
  }

  /**
   * One delivered file.
   *
   * @param path fully qualified path
   * @param name file name
   * @param size size on storage in bytes
   * @param expected its manifest entry, or null without a manifest
   */
  public record DeliveredFile(String path, String name, long size, Manifest.Entry expected) {}

  /** Which kinds of completeness marker a job accepts besides the manifest. */
  public record Acceptance(boolean fin, boolean unmarked) {}

  /** The manifest's file name for a date. */
  public static String manifestName(String rsid, LocalDate date) {
    return rsid + "_" + date + ".txt";
  }

  /**
   * Finds the delivery of a date. Runs on the driver: one listing of the directory and one read
   * of the manifest.
   *
   * @param fs the landing directory's file system
   * @param dir the landing directory
   * @param rsid the report suite id
   * @param date the delivery date
   * @param accept which markers other than the manifest are accepted
   * @throws FeedlakeException exit 4 when there is no manifest (naming the missing file) and no
   *     accepted alternative; exit 3 when the manifest does not parse, a listed file is missing or
   *     has another size, or a data file is not listed; exit 5 when storage cannot be read
   */
  public static Delivery find(FileSystem fs, Path dir, String rsid, LocalDate date, Acceptance accept) {
    String day = date.toString();
    Path manifest = new Path(dir, manifestName(rsid, date));
    Map<String, FileStatus> present = new LinkedHashMap<>();
    try {
      if (!fs.exists(dir)) {
        throw FeedlakeException.inputNotReady(
            "No Adobe Analytics delivery for report suite " + rsid + " on " + day + " yet: directory "
                + dir + " does not exist");
      }
      FileStatus[] statuses = fs.globStatus(new Path(dir, "*" + rsid + "_" + day + "*"));
      if (statuses != null) {
        Arrays.sort(statuses, Comparator.comparing(s -> s.getPath().getName()));
        for (FileStatus st : statuses) {
          if (st.isFile()) {
            present.put(st.getPath().getName(), st);
          }
        }
      }
      Pattern dataName = dataFilePattern(rsid, day);
      List<FileStatus> data =
          present.values().stream().filter(s -> dataName.matcher(s.getPath().getName()).matches()).toList();
      String lookupName = rsid + "_" + day + "-lookup_data.tar.gz";
      if (present.containsKey(manifest.getName())) {
        FileStatus st = present.get(manifest.getName());
        String qualified = st.getPath().toString();
        Manifest m = Manifest.parse(readText(fs, st.getPath()), qualified);
        return fromManifest(date, qualified, m, present, data);
      }
      String fin = rsid + "_" + day + ".fin";
      boolean finPresent = present.containsKey(fin);
      if ((finPresent && accept.fin()) || (!data.isEmpty() && accept.unmarked())) {
        List<DeliveredFile> lookups = new ArrayList<>();
        if (present.containsKey(lookupName)) {
          lookups.add(unlisted(present.get(lookupName)));
        }
        return new Delivery(date, finPresent && accept.fin() ? Marker.FIN : Marker.NONE, null, null,
            lookups, data.stream().map(Delivery::unlisted).toList());
      }
      String hint =
          finPresent ? " (" + fin + " is there: set source.allow-fin = true to accept .fin deliveries)"
              : !data.isEmpty() ? " (" + data.size() + " data file(s) are there without a manifest: "
                  + "the delivery may still be in progress; set source.allow-unmarked = true to accept "
                  + "deliveries without a manifest)"
              : "";
      throw FeedlakeException.inputNotReady(
          "No Adobe Analytics delivery for report suite " + rsid + " on " + day + " yet: manifest "
              + manifest + " does not exist" + hint);
    } catch (IOException e) {
      throw new FeedlakeException(ExitCode.TRANSIENT,
          "Cannot list the Adobe delivery " + manifest + ": " + e.getMessage(), e);
    }
  }

  private static Delivery fromManifest(LocalDate date, String manifestPath, Manifest m,
      Map<String, FileStatus> present, List<FileStatus> dataPresent) {
    List<String> problems = new ArrayList<>();
    List<DeliveredFile> lookups = new ArrayList<>();
    List<DeliveredFile> data = new ArrayList<>();
    for (Manifest.Entry e : m.lookupFiles()) {
      listed("lookup file", e, present, problems, manifestPath).ifPresent(lookups::add);
    }
    for (Manifest.Entry e : m.dataFiles()) {
      listed("data file", e, present, problems, manifestPath).ifPresent(data::add);
    }
    TreeSet<String> listed = new TreeSet<>();
    m.dataFiles().forEach(e -> listed.add(e.name()));
    for (FileStatus st : dataPresent) {
      if (!listed.contains(st.getPath().getName())) {
        problems.add("data file " + st.getPath() + " (" + st.getLen() + " bytes) is not listed in the"
            + " manifest (it lists " + listed + ")");
      }
    }
    requireNone(manifestPath, problems);
    data.sort(Comparator.comparing(DeliveredFile::name));
    return new Delivery(date, Marker.MANIFEST, manifestPath, m, lookups, data);
  }

  private static Optional<DeliveredFile> listed(String kind, Manifest.Entry e,
      Map<String, FileStatus> present, List<String> problems, String manifestPath) {
    FileStatus st = present.get(e.name());
    if (st == null) {
      problems.add(kind + " " + e.name() + " is listed in the manifest (File-Size " + e.size()
          + ") but does not exist next to it");
      return Optional.empty();
    }
    if (st.getLen() != e.size()) {
      problems.add(kind + " " + st.getPath() + ": size " + st.getLen()
          + " bytes does not match the manifest's File-Size " + e.size());
      return Optional.empty();
    }
    return Optional.of(new DeliveredFile(st.getPath().toString(), e.name(), st.getLen(), e));
  }

  private static DeliveredFile unlisted(FileStatus st) {
    return new DeliveredFile(st.getPath().toString(), st.getPath().getName(), st.getLen(), null);
  }

  /** {@code NN-<rsid>_<day>.tsv[.gz]}. */
  static Pattern dataFilePattern(String rsid, String day) {
    return Pattern.compile("\\d+-" + Pattern.quote(rsid) + "_" + Pattern.quote(day) + "\\.tsv(\\.gz)?");
  }

  /**
   * Dates with a delivery in the directory: manifests, and when accepted {@code .fin} markers and
   * unmarked data files. Runs on the driver: one listing.
   *
   * @throws FeedlakeException exit 5 when storage cannot be read
   */
  public static List<LocalDate> dates(FileSystem fs, Path dir, String rsid, Acceptance accept) {
    TreeSet<LocalDate> dates = new TreeSet<>();
    Pattern marker = Pattern.compile(Pattern.quote(rsid) + "_(\\d{4}-\\d{2}-\\d{2})\\.(txt|fin)");
    Pattern data = Pattern.compile("\\d+-" + Pattern.quote(rsid) + "_(\\d{4}-\\d{2}-\\d{2})\\.tsv(\\.gz)?");
    try {
      if (!fs.exists(dir)) {
        return List.of();
      }
      FileStatus[] statuses = fs.globStatus(new Path(dir, "*" + rsid + "_*"));
      for (FileStatus st : statuses == null ? new FileStatus[0] : statuses) {
        String name = st.getPath().getName();
        Matcher mk = marker.matcher(name);
        Matcher dt = data.matcher(name);
        String day = null;
        if (mk.matches() && (mk.group(2).equals("txt") || accept.fin())) {
          day = mk.group(1);
        } else if (dt.matches() && accept.unmarked()) {
          day = dt.group(1);
        }
        if (day != null) {
          try {
            dates.add(LocalDate.parse(day));
          } catch (DateTimeParseException e) {
            // A name that looks like a delivery but names no calendar day is not one.
          }
        }
      }
    } catch (IOException e) {
      throw new FeedlakeException(ExitCode.TRANSIENT, "Cannot list " + dir + ": " + e.getMessage(), e);
    }
    return List.copyOf(dates);
  }

  /**
   * Checks the lookup files as read on the driver: MD5 and size against the manifest, and that
   * they could be unpacked.
   *
   * @param digests what was read of each lookup file, by path
   * @throws FeedlakeException exit 3 listing every problem, each naming the file, the manifest's
   *     value and the actual value
   */
  public void requireLookupsIntact(Map<String, FileDigest> digests) {
    requireNone(where(), digestProblems("lookup file", lookupFiles, digests));
  }

  /**
   * Checks what could only be known by reading the data files: each one's MD5 and size as read,
   * that it could be decompressed, its {@code Record-Count}, and the manifest's {@code
   * Total-Records}. Without a manifest only decompression is checked.
   *
   * @param digests what was read of each data file, by path
   * @param recordsPerFile records read per data file path (written, duplicate or quarantined;
   *     blank lines are not records); files without records may be absent
   * @return notes for the run summary
   * @throws FeedlakeException exit 3 listing every problem, each naming the file, the manifest's
   *     value and the actual value
   */
  public List<String> verify(Map<String, FileDigest> digests, Map<String, Long> recordsPerFile) {
    List<String> problems = digestProblems("data file", dataFiles, digests);
    if (manifest != null && problems.isEmpty()) {
      long total = 0;
      for (DeliveredFile f : dataFiles) {
        long read = recordsPerFile.getOrDefault(f.path(), 0L);
        total += read;
        if (read != f.expected().recordCount()) {
          problems.add("data file " + f.path() + ": " + read + " records read (written, duplicate or"
              + " quarantined), but the manifest's Record-Count is " + f.expected().recordCount());
        }
      }
      if (total != manifest.totalRecords()) {
        problems.add("Total-Records: the manifest says " + manifest.totalRecords() + ", but "
            + total + " records were read from " + dataFiles.size() + " data file(s)");
      }
    }
    requireNone(where(), problems);
    List<String> notes = new ArrayList<>();
    switch (marker) {
      case MANIFEST -> notes.add(
          manifest.emptyPeriod()
              ? "empty period: manifest " + manifestPath + " lists no data files (Data-Files: 0)"
              : "verified against manifest " + manifestPath + ": " + dataFiles.size() + " data and "
                  + lookupFiles.size() + " lookup file(s) by size and MD5, Record-Count of each data"
                  + " file and Total-Records " + manifest.totalRecords());
      case FIN -> notes.add("delivery marked by a .fin file: no manifest, so sizes, MD5 digests and"
          + " record counts were not checked");
      case NONE -> notes.add("delivery without manifest or .fin (source.allow-unmarked): completeness"
          + " is assumed, and sizes, MD5 digests and record counts were not checked");
    }
    return notes;
  }

  private static List<String> digestProblems(
      String kind, List<DeliveredFile> files, Map<String, FileDigest> digests) {
    List<String> problems = new ArrayList<>();
    for (DeliveredFile f : files) {
      FileDigest d = digests.get(f.path());
      if (d == null) {
        throw new IllegalStateException("The Adobe reader did not report " + f.path() + " as read to its end");
      }
      Manifest.Entry e = f.expected();
      if (e != null && !d.md5().equals(e.md5())) {
        problems.add(kind + " " + f.path() + ": MD5 " + d.md5() + " does not match the manifest's "
            + "MD5-Digest " + e.md5() + " (" + d.bytes() + " bytes read)");
      } else if (e != null && d.bytes() != e.size()) {
        problems.add(kind + " " + f.path() + ": " + d.bytes() + " bytes read, but the manifest's "
            + "File-Size is " + e.size());
      } else if (d.readError() != null) {
        problems.add(kind + " " + f.path() + ": " + d.readError());
      }
    }
    return problems;
  }

  /** The manifest's path, or the date when there is none, for messages. */
  private String where() {
    return manifestPath != null ? manifestPath : "of " + date + " (no manifest)";
  }

  private static void requireNone(String manifestPath, List<String> problems) {
    if (!problems.isEmpty()) {
      throw FeedlakeException.dataContract(
          "Adobe delivery " + manifestPath + " is corrupt or incomplete; nothing was published ("
              + problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + "):\n  - "
              + String.join("\n  - ", problems));
    }
  }

  private static String readText(FileSystem fs, Path p) throws IOException {
    try (InputStream in = fs.open(p)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
