package io.feedlake.source.adobe;

import io.feedlake.ExitCode;
import io.feedlake.FeedlakeException;
import io.feedlake.config.JobSpec.Schedule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * One day's Adobe Analytics data feed delivery for one report suite, as found in the landing
 * directory: how its completeness is marked, its manifests, and its lookup and data files (Adobe
 * Experience League, "Data feed contents - overview"; FEEDS.md section 1). Files of every date
 * sit side by side in one directory. A daily feed delivers:
 *
 * <pre>
 * &lt;rsid&gt;_&lt;YYYY-MM-DD&gt;.txt                     manifest, delivered last
 * &lt;rsid&gt;_&lt;YYYY-MM-DD&gt;-lookup_data.tar.gz     lookup archive (or .zip)
 * NN-&lt;rsid&gt;_&lt;YYYY-MM-DD&gt;.tsv.gz              data files (NN = 01, 02, ...), multiple-file feeds
 * &lt;rsid&gt;_&lt;YYYY-MM-DD&gt;.tar.gz                  or one archive holding hit_data.tsv and the lookups
 *                                              (single-file feeds; also .zip)
 * &lt;rsid&gt;_&lt;YYYY-MM-DD&gt;.fin                     legacy finish marker (no metadata)
 * </pre>
 *
 * An hourly feed delivers the same per local hour of the report suite, named with {@code
 * <YYYYMMDD>-<HHMMSS>} (the hour's start) instead of {@code <YYYY-MM-DD>}; lookups come with hour
 * 00 only. Adobe's page names the hourly data files but gives the manifest name only in its
 * daily form, so an hourly manifest is taken to be named like its data files, {@code
 * <rsid>_<YYYYMMDD>-<HHMMSS>.txt}; {@code <rsid>_<YYYY-MM-DD>-<HHMMSS>.txt} is accepted too.
 * {@link #findHourly} consolidates the hours of a local day into one delivery: 24 hours, 23 on
 * the day clocks go forward (one hour label does not exist) and 24 on the day they go back (the
 * repeated hour is one delivery holding two hours of data).
 *
 * <p>Only exact names count: a file still being transferred by sFTP ends with {@code .part} and is
 * not part of the delivery (Adobe Experience League, data feeds, "Best practices and general
 * information").
 *
 * <p>{@link #find} and {@link #findHourly} run on the driver and check everything that needs no
 * file content: the manifests' presence and syntax, that every listed file exists with its {@code
 * File-Size}, and that no unlisted data file is there. {@link #verify} checks the content-derived
 * figures (MD5 digests, record counts) once the files have been read.
 *
 * @param date the delivery date (the report suite's local day)
 * @param schedule daily, or hourly deliveries consolidated into the day
 * @param marker how completeness is marked (for an hourly day: the weakest marker of its hours)
 * @param manifests the manifests read, in hour order; empty without one
 * @param lookupFiles the lookup files
 * @param dataFiles the data files, sorted by name
 */
public record Delivery(
    LocalDate date,
    Schedule schedule,
    Marker marker,
    List<ManifestFile> manifests,
    List<DeliveredFile> lookupFiles,
    List<DeliveredFile> dataFiles) {

  public Delivery {
    manifests = List.copyOf(manifests);
    lookupFiles = List.copyOf(lookupFiles);
    dataFiles = List.copyOf(dataFiles);
  }

  /** How a delivery tells that it is complete, from the strongest to the weakest. */
  public enum Marker {
    /** A manifest: complete, with sizes, digests and record counts. */
    MANIFEST,
    /** A {@code .fin} file: complete, nothing to check against. */
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

  /**
   * One manifest read.
   *
   * @param path its fully qualified path
   * @param manifest its content
   */
  public record ManifestFile(String path, Manifest manifest) {}

  /** Which kinds of completeness marker a job accepts besides the manifest. */
  public record Acceptance(boolean fin, boolean unmarked) {}

  /** The manifest's file name for a date of a daily feed. */
  public static String manifestName(String rsid, LocalDate date) {
    return rsid + "_" + date + ".txt";
  }

  /** The manifest's file name for an hour (0-23) of an hourly feed: {@code <rsid>_<YYYYMMDD>-<HH>0000.txt}. */
  public static String hourlyManifestName(String rsid, LocalDate date, int hour) {
    return rsid + "_" + hourStem(date, hour) + ".txt";
  }

  private static String hourStem(LocalDate date, int hour) {
    return date.format(DateTimeFormatter.BASIC_ISO_DATE) + "-" + String.format("%02d0000", hour);
  }

  /**
   * The hour labels (0-23) a local day has in a time zone: every hour of which some instant
   * exists. 24 on most days, 23 on the day clocks go forward by an hour; the day they go back
   * has 24 labels, one of which covers two hours.
   */
  public static List<Integer> hoursOf(LocalDate date, ZoneId zone) {
    List<Integer> hours = new ArrayList<>();
    for (int h = 0; h < 24; h++) {
      LocalDateTime start = date.atTime(h, 0);
      if (!zone.getRules().getValidOffsets(start).isEmpty()
          || !zone.getRules().getValidOffsets(start.plusMinutes(59).plusSeconds(59)).isEmpty()) {
        hours.add(h);
      }
    }
    return hours;
  }

  /**
   * Finds the delivery of a date of a daily feed. Runs on the driver: one listing of the
   * directory and one read of the manifest.
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
    try {
      Map<String, FileStatus> present = list(fs, dir, rsid, date, "*" + rsid + "_" + day + "*");
      Pattern dataName = dataFilePattern(rsid, day);
      List<FileStatus> data =
          present.values().stream().filter(s -> dataName.matcher(s.getPath().getName()).matches()).toList();
      if (present.containsKey(manifest.getName())) {
        ManifestFile m = readManifest(fs, present.get(manifest.getName()));
        Listing listing = new Listing(present);
        listing.add(m);
        listing.requireAllListed(data);
        listing.requireNone(m.path());
        return listing.delivery(date, Schedule.DAILY, Marker.MANIFEST);
      }
      String fin = rsid + "_" + day + ".fin";
      boolean finPresent = present.containsKey(fin);
      if ((finPresent && accept.fin()) || (!data.isEmpty() && accept.unmarked())) {
        Listing listing = new Listing(present);
        listing.addUnlisted(data, lookupPattern(rsid, day));
        return listing.delivery(date, Schedule.DAILY, finPresent && accept.fin() ? Marker.FIN : Marker.NONE);
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

  /**
   * Finds the hourly deliveries of a local day of an hourly feed and consolidates them into one
   * delivery. Every hour label of the day ({@link #hoursOf}) must be marked complete: by its
   * manifest, or by its {@code .fin} when accepted; with {@code accept.unmarked()} an hour
   * without a marker contributes whatever data files it has. Runs on the driver: two listings of
   * the directory and one read per manifest.
   *
   * @param zone the report suite's time zone, which decides the day's hour labels
   * @throws FeedlakeException exit 4 when some hour is not marked complete yet (naming the missing
   *     manifests); exit 3 when a manifest does not parse, a listed file is missing or has another
   *     size, or a data file of the day is not listed by any manifest; exit 5 when storage cannot
   *     be read
   */
  public static Delivery findHourly(
      FileSystem fs, Path dir, String rsid, LocalDate date, ZoneId zone, Acceptance accept) {
    String compact = date.format(DateTimeFormatter.BASIC_ISO_DATE);
    String dashed = date.toString();
    try {
      Map<String, FileStatus> present = list(fs, dir, rsid, date, "*" + rsid + "_" + compact + "-*");
      present.putAll(list(fs, dir, rsid, date, "*" + rsid + "_" + dashed + "-*"));
      Pattern hourly = Pattern.compile("(\\d+-)?" + Pattern.quote(rsid) + "_(?:" + compact + "|" + dashed
          + ")-(\\d{2})(\\d{4})(?:\\.(txt|fin)|-lookup_data\\.(?:tar\\.gz|tgz|zip)|\\.("
          + Packaging.dataSuffixPattern() + "))");
      TreeMap<Integer, FileStatus> manifests = new TreeMap<>();
      TreeMap<Integer, FileStatus> fins = new TreeMap<>();
      TreeMap<Integer, List<FileStatus>> dataByHour = new TreeMap<>();
      TreeMap<Integer, List<FileStatus>> lookupsByHour = new TreeMap<>();
      for (FileStatus st : present.values()) {
        Matcher m = hourly.matcher(st.getPath().getName());
        if (!m.matches()) {
          continue;
        }
        int hour = Integer.parseInt(m.group(2));
        boolean marker = m.group(4) != null;
        if (marker && m.group(1) == null) {
          (m.group(4).equals("txt") ? manifests : fins).put(hour, st);
        } else if (m.group(5) != null) {
          dataByHour.computeIfAbsent(hour, h -> new ArrayList<>()).add(st);
        } else if (!marker) {
          lookupsByHour.computeIfAbsent(hour, h -> new ArrayList<>()).add(st);
        }
      }
      TreeSet<Integer> hours = new TreeSet<>(hoursOf(date, zone));
      hours.addAll(manifests.keySet());
      Listing listing = new Listing(present);
      List<String> missing = new ArrayList<>();
      List<Integer> byFin = new ArrayList<>();
      Marker weakest = Marker.MANIFEST;
      for (int hour : hours) {
        List<FileStatus> data = dataByHour.getOrDefault(hour, List.of());
        if (manifests.containsKey(hour)) {
          listing.add(readManifest(fs, manifests.get(hour)));
        } else if (fins.containsKey(hour) && accept.fin()) {
          byFin.add(hour);
          listing.addUnlisted(data, lookupsByHour.getOrDefault(hour, List.of()));
          weakest = weakest == Marker.NONE ? Marker.NONE : Marker.FIN;
        } else if (accept.unmarked()) {
          listing.addUnlisted(data, lookupsByHour.getOrDefault(hour, List.of()));
          weakest = Marker.NONE;
        } else {
          missing.add(hourlyManifestName(rsid, date, hour)
              + (fins.containsKey(hour) ? " (its .fin is there: set source.allow-fin = true to accept it)" : ""));
        }
      }
      if (!missing.isEmpty()) {
        throw FeedlakeException.inputNotReady(
            "Hourly Adobe Analytics delivery for report suite " + rsid + " on " + dashed + " (local day in "
                + zone + ", " + hoursOf(date, zone).size() + " hours) is not complete yet: " + missing.size()
                + " hour(s) have no manifest in " + dir + ": " + String.join(", ", missing));
      }
      List<FileStatus> allData = new ArrayList<>();
      dataByHour.values().forEach(allData::addAll);
      String where = "of " + rsid + " on " + dashed + " (hourly, " + hours.size() + " hours)";
      listing.requireAllListed(allData);
      listing.requireNone(where);
      return listing.delivery(date, Schedule.HOURLY, weakest);
    } catch (IOException e) {
      throw new FeedlakeException(ExitCode.TRANSIENT,
          "Cannot list the hourly Adobe deliveries of " + rsid + " on " + dashed + " in " + dir + ": "
              + e.getMessage(), e);
    }
  }

  /** The regular files matching a glob in the landing directory, by name, sorted. */
  private static Map<String, FileStatus> list(FileSystem fs, Path dir, String rsid, LocalDate date, String glob)
      throws IOException {
    if (!fs.exists(dir)) {
      throw FeedlakeException.inputNotReady(
          "No Adobe Analytics delivery for report suite " + rsid + " on " + date + " yet: directory "
              + dir + " does not exist");
    }
    Map<String, FileStatus> present = new TreeMap<>();
    FileStatus[] statuses = fs.globStatus(new Path(dir, glob));
    for (FileStatus st : statuses == null ? new FileStatus[0] : statuses) {
      if (st.isFile()) {
        present.put(st.getPath().getName(), st);
      }
    }
    return present;
  }

  private static ManifestFile readManifest(FileSystem fs, FileStatus st) throws IOException {
    String qualified = st.getPath().toString();
    return new ManifestFile(qualified, Manifest.parse(readText(fs, st.getPath()), qualified));
  }

  /** What the manifests list, matched against the files present, with every problem found. */
  private static final class Listing {
    private final Map<String, FileStatus> present;
    private final List<ManifestFile> manifests = new ArrayList<>();
    private final List<DeliveredFile> lookups = new ArrayList<>();
    private final List<DeliveredFile> data = new ArrayList<>();
    private final TreeSet<String> listed = new TreeSet<>();
    private final List<String> problems = new ArrayList<>();

    Listing(Map<String, FileStatus> present) {
      this.present = present;
    }

    void add(ManifestFile m) {
      manifests.add(m);
      for (Manifest.Entry e : m.manifest().lookupFiles()) {
        listed("lookup file", e).ifPresent(lookups::add);
      }
      for (Manifest.Entry e : m.manifest().dataFiles()) {
        listed.add(e.name());
        listed("data file", e).ifPresent(data::add);
      }
    }

    /** Adds files of a part of the delivery that has no manifest. */
    void addUnlisted(List<FileStatus> dataFiles, List<FileStatus> lookupFiles) {
      dataFiles.forEach(st -> {
        data.add(unlisted(st));
        listed.add(st.getPath().getName());
      });
      lookupFiles.forEach(st -> lookups.add(unlisted(st)));
    }

    void addUnlisted(List<FileStatus> dataFiles, Pattern lookupName) {
      addUnlisted(dataFiles, present.values().stream()
          .filter(st -> lookupName.matcher(st.getPath().getName()).matches()).toList());
    }

    private Optional<DeliveredFile> listed(String kind, Manifest.Entry e) {
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

    void requireAllListed(List<FileStatus> dataPresent) {
      for (FileStatus st : dataPresent) {
        if (!listed.contains(st.getPath().getName())) {
          problems.add("data file " + st.getPath() + " (" + st.getLen() + " bytes) is not listed in the"
              + (manifests.size() > 1 ? " " + manifests.size() + " manifests of the day"
                  : " manifest (it lists " + listed + ")"));
        }
      }
    }

    void requireNone(String where) {
      Delivery.requireNone(where, problems);
    }

    Delivery delivery(LocalDate date, Schedule schedule, Marker marker) {
      data.sort(Comparator.comparing(DeliveredFile::name));
      return new Delivery(date, schedule, marker, manifests, lookups, data);
    }
  }

  private static DeliveredFile unlisted(FileStatus st) {
    return new DeliveredFile(st.getPath().toString(), st.getPath().getName(), st.getLen(), null);
  }

  /**
   * Data files of a daily delivery: {@code NN-<rsid>_<day>.tsv[.gz]} (multiple files), {@code
   * <rsid>_<day>.tar.gz|.tgz|.zip} (single file), or an archive with an index.
   */
  static Pattern dataFilePattern(String rsid, String day) {
    return Pattern.compile("(\\d+-)?" + Pattern.quote(rsid) + "_" + Pattern.quote(day) + "\\."
        + Packaging.dataSuffixPattern());
  }

  private static Pattern lookupPattern(String rsid, String day) {
    return Pattern.compile(Pattern.quote(rsid) + "_" + Pattern.quote(day) + "-lookup_data\\.(?:tar\\.gz|tgz|zip)");
  }

  /**
   * Dates with a delivery in the directory: manifests (daily, or any hour of the day for an
   * hourly feed), and when accepted {@code .fin} markers and unmarked data files. Runs on the
   * driver: one listing.
   *
   * @throws FeedlakeException exit 5 when storage cannot be read
   */
  public static List<LocalDate> dates(FileSystem fs, Path dir, String rsid, Schedule schedule, Acceptance accept) {
    TreeSet<LocalDate> dates = new TreeSet<>();
    String day = schedule == Schedule.DAILY ? "(\\d{4}-\\d{2}-\\d{2})" : "(\\d{8}|\\d{4}-\\d{2}-\\d{2})-\\d{6}";
    Pattern marker = Pattern.compile(Pattern.quote(rsid) + "_" + day + "\\.(txt|fin)");
    Pattern data = Pattern.compile("(?:\\d+-)?" + Pattern.quote(rsid) + "_" + day + "\\."
        + Packaging.dataSuffixPattern());
    try {
      if (!fs.exists(dir)) {
        return List.of();
      }
      FileStatus[] statuses = fs.globStatus(new Path(dir, "*" + rsid + "_*"));
      for (FileStatus st : statuses == null ? new FileStatus[0] : statuses) {
        String name = st.getPath().getName();
        Matcher mk = marker.matcher(name);
        Matcher dt = data.matcher(name);
        String found = null;
        if (mk.matches() && (mk.group(2).equals("txt") || accept.fin())) {
          found = mk.group(1);
        } else if (dt.matches() && accept.unmarked()) {
          found = dt.group(1);
        }
        if (found != null) {
          try {
            dates.add(found.length() == 8 ? LocalDate.parse(found, DateTimeFormatter.BASIC_ISO_DATE)
                : LocalDate.parse(found));
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
   * Checks the files read on the driver for their lookups (the lookup files, or a single-file
   * delivery's data archive): MD5 and size against the manifest, and that they could be unpacked.
   *
   * @param digests what was read of each such file, by path
   * @throws FeedlakeException exit 3 listing every problem, each naming the file, the manifest's
   *     value and the actual value
   */
  public void requireLookupsIntact(Map<String, FileDigest> digests) {
    List<String> problems = new ArrayList<>(digestProblems("lookup file",
        lookupFiles.stream().filter(f -> digests.containsKey(f.path())).toList(), digests));
    problems.addAll(digestProblems("data file",
        dataFiles.stream().filter(f -> digests.containsKey(f.path())).toList(), digests));
    requireNone(where(), problems);
  }

  /**
   * Checks what could only be known by reading the data files: each one's MD5 and size as read,
   * that it could be decompressed, its {@code Record-Count}, and each manifest's {@code
   * Total-Records}. Files without a manifest are only checked for decompression.
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
    if (problems.isEmpty()) {
      Map<String, Long> readByName = new HashMap<>();
      for (DeliveredFile f : dataFiles) {
        long read = recordsPerFile.getOrDefault(f.path(), 0L);
        readByName.put(f.name(), read);
        if (f.expected() != null && read != f.expected().recordCount()) {
          problems.add("data file " + f.path() + ": " + read + " records read (written, duplicate or"
              + " quarantined), but the manifest's Record-Count is " + f.expected().recordCount());
        }
      }
      for (ManifestFile m : manifests) {
        List<Manifest.Entry> files = m.manifest().dataFiles();
        long total = files.stream().mapToLong(e -> readByName.getOrDefault(e.name(), 0L)).sum();
        if (total != m.manifest().totalRecords()) {
          problems.add("Total-Records: the manifest" + (manifests.size() > 1 ? " " + m.path() : "") + " says "
              + m.manifest().totalRecords() + ", but " + total + " records were read from " + files.size()
              + " data file(s)");
        }
      }
    }
    requireNone(where(), problems);
    List<String> notes = new ArrayList<>();
    long listedTotal = manifests.stream().mapToLong(m -> m.manifest().totalRecords()).sum();
    if (schedule == Schedule.HOURLY) {
      List<String> empty = new ArrayList<>();
      manifests.stream().filter(m -> m.manifest().emptyPeriod())
          .forEach(m -> empty.add(new Path(m.path()).getName()));
      notes.add("consolidated the hourly deliveries of " + date + ": " + manifests.size() + " hourly manifest(s)"
          + " verified, " + dataFiles.size() + " data and " + lookupFiles.size() + " lookup file(s) by size and"
          + " MD5, Record-Count of each data file and Total-Records of each manifest (" + listedTotal
          + " in all)");
      if (!empty.isEmpty()) {
        notes.add(empty.size() + " hour(s) were empty periods (Data-Files: 0): " + String.join(", ", empty));
      }
      if (marker != Marker.MANIFEST) {
        notes.add("some hours had no manifest (" + (marker == Marker.FIN ? "source.allow-fin" : "source.allow-unmarked")
            + "): their sizes, MD5 digests and record counts were not checked");
      }
      return notes;
    }
    switch (marker) {
      case MANIFEST -> {
        ManifestFile m = manifests.get(0);
        notes.add(
            m.manifest().emptyPeriod()
                ? "empty period: manifest " + m.path() + " lists no data files (Data-Files: 0)"
                : "verified against manifest " + m.path() + ": " + dataFiles.size() + " data and "
                    + lookupFiles.size() + " lookup file(s) by size and MD5, Record-Count of each data"
                    + " file and Total-Records " + listedTotal);
      }
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

  /** The manifest's path, or what the delivery is when there is not one manifest, for messages. */
  private String where() {
    if (schedule == Schedule.HOURLY) {
      return "of " + date + " (hourly, " + manifests.size() + " manifest(s))";
    }
    return manifests.isEmpty() ? "of " + date + " (no manifest)" : manifests.get(0).path();
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
