package io.feedlake.source.adobe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.feedlake.ExitCode;
import io.feedlake.FeedlakeException;
import io.feedlake.config.JobSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding a delivery and checking it against its manifest: the exit codes and the exact
 * messages an operator sees (file, expected and actual values).
 */
class DeliveryTest {
  private static final LocalDate DAY = LocalDate.parse("2024-03-02");
  private static final Delivery.Acceptance MANIFEST_ONLY = new Delivery.Acceptance(false, false);
  private static final byte[] DATA1 = "data file one".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DATA2 = "second data file".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] LOOKUP = "lookups".getBytes(StandardCharsets.US_ASCII);

  @TempDir Path dir;
  private FileSystem fs;
  private String d;

  @BeforeEach
  void setUp() throws IOException {
    fs = FileSystem.getLocal(new Configuration());
    d = "file:" + dir.toAbsolutePath();
  }

  private static String md5(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private void write(String name, byte[] content) throws IOException {
    Files.write(dir.resolve(name), content);
  }

  private String manifest(long records1, long records2, long total) throws Exception {
    return String.join("\n",
        "Datafeed-Manifest-Version: 1.0", "Lookup-Files: 1", "Data-Files: 2", "Total-Records: " + total, "",
        "Lookup-File: rsid_2024-03-02-lookup_data.tar.gz", "MD5-Digest: " + md5(LOOKUP), "File-Size: " + LOOKUP.length, "",
        "Data-File: 01-rsid_2024-03-02.tsv.gz", "MD5-Digest: " + md5(DATA1), "File-Size: " + DATA1.length,
        "Record-Count: " + records1, "",
        "Data-File: 02-rsid_2024-03-02.tsv.gz", "MD5-Digest: " + md5(DATA2), "File-Size: " + DATA2.length,
        "Record-Count: " + records2);
  }

  private void writeDelivery() throws Exception {
    write("rsid_2024-03-02-lookup_data.tar.gz", LOOKUP);
    write("01-rsid_2024-03-02.tsv.gz", DATA1);
    write("02-rsid_2024-03-02.tsv.gz", DATA2);
    write("rsid_2024-03-02.txt", manifest(10, 5, 15).getBytes(StandardCharsets.US_ASCII));
  }

  private Delivery find(Delivery.Acceptance accept) {
    return Delivery.find(fs, new org.apache.hadoop.fs.Path(d), "rsid", DAY, accept);
  }

  private static FeedlakeException failure(Runnable r, ExitCode code) {
    FeedlakeException e = catchThrowableOfType(r::run, FeedlakeException.class);
    assertThat(e).as("expected a FeedlakeException").isNotNull();
    assertThat(e.exitCode()).isEqualTo(code);
    return e;
  }

  private Map<String, FileDigest> digests(Delivery delivery) throws Exception {
    Map<String, FileDigest> m = new HashMap<>();
    for (Delivery.DeliveredFile f : delivery.dataFiles()) {
      byte[] b = Files.readAllBytes(dir.resolve(f.name()));
      m.put(f.path(), new FileDigest(f.path(), md5(b), b.length, null));
    }
    return m;
  }

  private Map<String, Long> records(long one, long two) {
    return Map.of(d + "/01-rsid_2024-03-02.tsv.gz", one, d + "/02-rsid_2024-03-02.tsv.gz", two);
  }

  @Test
  void completeDeliveryIsFoundWithItsManifestEntriesAndVerifiesIgnoringPartialUploads() throws Exception {
    writeDelivery();
    write("other_2024-03-02.txt", new byte[0]);
    write("01-rsid_2024-03-03.tsv.gz", DATA1);
    write("03-rsid_2024-03-02.tsv.gz.part", DATA1);

    Delivery delivery = find(MANIFEST_ONLY);

    assertThat(delivery.marker()).isEqualTo(Delivery.Marker.MANIFEST);
    assertThat(delivery.manifests()).extracting(Delivery.ManifestFile::path).containsExactly(d + "/rsid_2024-03-02.txt");
    assertThat(delivery.dataFiles()).extracting(Delivery.DeliveredFile::path)
        .containsExactly(d + "/01-rsid_2024-03-02.tsv.gz", d + "/02-rsid_2024-03-02.tsv.gz");
    assertThat(delivery.lookupFiles()).extracting(Delivery.DeliveredFile::name)
        .containsExactly("rsid_2024-03-02-lookup_data.tar.gz");
    assertThat(delivery.verify(digests(delivery), records(10, 5))).containsExactly(
        "verified against manifest " + d + "/rsid_2024-03-02.txt: 2 data and 1 lookup file(s) by size and MD5,"
            + " Record-Count of each data file and Total-Records 15");
  }

  @Test
  void noManifestYetIsInputNotReadyNamingTheManifest() throws Exception {
    write("01-rsid_2024-03-02.tsv.gz", DATA1);

    FeedlakeException e = failure(() -> find(MANIFEST_ONLY), ExitCode.INPUT_NOT_READY);

    assertThat(e.getMessage()).isEqualTo(
        "No Adobe Analytics delivery for report suite rsid on 2024-03-02 yet: manifest " + d
            + "/rsid_2024-03-02.txt does not exist (1 data file(s) are there without a manifest: the delivery"
            + " may still be in progress; set source.allow-unmarked = true to accept deliveries without a manifest)");
  }

  @Test
  void missingDirectoryIsInputNotReady() {
    FeedlakeException e = failure(
        () -> Delivery.find(fs, new org.apache.hadoop.fs.Path(d, "nope"), "rsid", DAY, MANIFEST_ONLY),
        ExitCode.INPUT_NOT_READY);

    assertThat(e.getMessage()).isEqualTo(
        "No Adobe Analytics delivery for report suite rsid on 2024-03-02 yet: directory " + d + "/nope does not exist");
  }

  @Test
  void finDeliveryNeedsAllowFin() throws Exception {
    write("01-rsid_2024-03-02.tsv.gz", DATA1);
    write("rsid_2024-03-02-lookup_data.tar.gz", LOOKUP);
    write("rsid_2024-03-02.fin", new byte[0]);

    FeedlakeException e = failure(() -> find(MANIFEST_ONLY), ExitCode.INPUT_NOT_READY);
    assertThat(e.getMessage()).endsWith(
        "/rsid_2024-03-02.txt does not exist (rsid_2024-03-02.fin is there: set source.allow-fin = true to accept .fin deliveries)");

    Delivery delivery = find(new Delivery.Acceptance(true, false));
    assertThat(delivery.marker()).isEqualTo(Delivery.Marker.FIN);
    assertThat(delivery.dataFiles()).extracting(Delivery.DeliveredFile::expected).containsExactly((Manifest.Entry) null);
    assertThat(delivery.lookupFiles()).hasSize(1);
    assertThat(delivery.verify(digests(delivery), Map.of())).containsExactly(
        "delivery marked by a .fin file: no manifest, so sizes, MD5 digests and record counts were not checked");
  }

  @Test
  void unmarkedDeliveryNeedsAllowUnmarked() throws Exception {
    write("01-rsid_2024-03-02.tsv.gz", DATA1);

    Delivery delivery = find(new Delivery.Acceptance(false, true));

    assertThat(delivery.marker()).isEqualTo(Delivery.Marker.NONE);
    assertThat(delivery.lookupFiles()).isEmpty();
    assertThat(Delivery.dates(fs, new org.apache.hadoop.fs.Path(d), "rsid", JobSpec.Schedule.DAILY, new Delivery.Acceptance(false, true)))
        .containsExactly(DAY);
    assertThat(Delivery.dates(fs, new org.apache.hadoop.fs.Path(d), "rsid", JobSpec.Schedule.DAILY, MANIFEST_ONLY)).isEmpty();
  }

  @Test
  void datesAreTheManifestDates() throws Exception {
    writeDelivery();
    write("rsid_2024-03-05.txt", new byte[0]);
    write("rsid_2024-03-07.fin", new byte[0]);
    write("rsid_2024-02-30.txt", new byte[0]);

    assertThat(Delivery.dates(fs, new org.apache.hadoop.fs.Path(d), "rsid", JobSpec.Schedule.DAILY, MANIFEST_ONLY))
        .containsExactly(DAY, LocalDate.parse("2024-03-05"));
    assertThat(Delivery.dates(fs, new org.apache.hadoop.fs.Path(d), "rsid", JobSpec.Schedule.DAILY, new Delivery.Acceptance(true, false)))
        .containsExactly(DAY, LocalDate.parse("2024-03-05"), LocalDate.parse("2024-03-07"));
  }

  @Test
  void missingListedFileWrongSizeAndUnlistedDataFileAreDataContractViolations() throws Exception {
    writeDelivery();
    Files.delete(dir.resolve("rsid_2024-03-02-lookup_data.tar.gz"));
    write("02-rsid_2024-03-02.tsv.gz", "second data file, longer".getBytes(StandardCharsets.US_ASCII));
    write("03-rsid_2024-03-02.tsv.gz", DATA1);

    FeedlakeException e = failure(() -> find(MANIFEST_ONLY), ExitCode.DATA_CONTRACT);

    assertThat(e.getMessage()).isEqualTo(
        "Adobe delivery " + d + "/rsid_2024-03-02.txt is corrupt or incomplete; nothing was published (3 problems):\n"
            + "  - lookup file rsid_2024-03-02-lookup_data.tar.gz is listed in the manifest (File-Size 7) but does"
            + " not exist next to it\n"
            + "  - data file " + d + "/02-rsid_2024-03-02.tsv.gz: size 24 bytes does not match the manifest's File-Size 16\n"
            + "  - data file " + d + "/03-rsid_2024-03-02.tsv.gz (13 bytes) is not listed in the manifest (it lists"
            + " [01-rsid_2024-03-02.tsv.gz, 02-rsid_2024-03-02.tsv.gz])");
  }

  @Test
  void md5MismatchNamesTheFileTheExpectedAndTheActualDigest() throws Exception {
    writeDelivery();
    Delivery delivery = find(MANIFEST_ONLY);
    Map<String, FileDigest> digests = digests(delivery);
    String two = d + "/02-rsid_2024-03-02.tsv.gz";
    digests.put(two, new FileDigest(two, "00000000000000000000000000000000", 16, "cannot decompress it as gzip: Not in GZIP format"));

    FeedlakeException e = failure(() -> delivery.verify(digests, records(10, 5)), ExitCode.DATA_CONTRACT);

    assertThat(e.getMessage()).isEqualTo(
        "Adobe delivery " + d + "/rsid_2024-03-02.txt is corrupt or incomplete; nothing was published (1 problem):\n"
            + "  - data file " + two + ": MD5 00000000000000000000000000000000 does not match the manifest's"
            + " MD5-Digest " + md5(DATA2) + " (16 bytes read)");
  }

  @Test
  void intactFileThatCannotBeDecompressedIsReported() throws Exception {
    writeDelivery();
    Delivery delivery = find(MANIFEST_ONLY);
    Map<String, FileDigest> digests = digests(delivery);
    String one = d + "/01-rsid_2024-03-02.tsv.gz";
    digests.put(one, new FileDigest(one, md5(DATA1), DATA1.length, "cannot decompress it as gzip: Not in GZIP format"));

    FeedlakeException e = failure(() -> delivery.verify(digests, records(10, 5)), ExitCode.DATA_CONTRACT);

    assertThat(e.getMessage()).endsWith("(1 problem):\n  - data file " + one + ": cannot decompress it as gzip: Not in GZIP format");
  }

  @Test
  void recordCountsThatDifferFromTheManifestAreReportedWithBothCounts() throws Exception {
    writeDelivery();
    Delivery delivery = find(MANIFEST_ONLY);
    Map<String, FileDigest> digests = digests(delivery);

    FeedlakeException e =
        failure(() -> delivery.verify(digests, Map.of(d + "/01-rsid_2024-03-02.tsv.gz", 9L)), ExitCode.DATA_CONTRACT);

    assertThat(e.getMessage()).isEqualTo(
        "Adobe delivery " + d + "/rsid_2024-03-02.txt is corrupt or incomplete; nothing was published (3 problems):\n"
            + "  - data file " + d + "/01-rsid_2024-03-02.tsv.gz: 9 records read (written, duplicate or quarantined),"
            + " but the manifest's Record-Count is 10\n"
            + "  - data file " + d + "/02-rsid_2024-03-02.tsv.gz: 0 records read (written, duplicate or quarantined),"
            + " but the manifest's Record-Count is 5\n"
            + "  - Total-Records: the manifest says 15, but 9 records were read from 2 data file(s)");
  }

  @Test
  void lookupDigestMismatchIsReportedBeforeAnyDataIsRead() throws Exception {
    writeDelivery();
    Delivery delivery = find(MANIFEST_ONLY);
    String lookup = d + "/rsid_2024-03-02-lookup_data.tar.gz";

    FeedlakeException e = failure(() -> delivery.requireLookupsIntact(
        Map.of(lookup, new FileDigest(lookup, md5(LOOKUP), 6, null))), ExitCode.DATA_CONTRACT);

    assertThat(e.getMessage()).endsWith(
        "(1 problem):\n  - lookup file " + lookup + ": 6 bytes read, but the manifest's File-Size is 7");
  }

  @Test
  void emptyPeriodVerifiesWithANote() throws Exception {
    write("rsid_2024-03-02-lookup_data.tar.gz", LOOKUP);
    write("rsid_2024-03-02.txt", String.join("\n", "Lookup-Files: 1", "Data-Files: 0", "Total-Records: 0", "",
        "Lookup-File: rsid_2024-03-02-lookup_data.tar.gz", "MD5-Digest: " + md5(LOOKUP), "File-Size: 7")
        .getBytes(StandardCharsets.US_ASCII));

    Delivery delivery = find(MANIFEST_ONLY);

    assertThat(delivery.dataFiles()).isEmpty();
    assertThat(delivery.verify(Map.of(), Map.of())).isEqualTo(List.of(
        "empty period: manifest " + d + "/rsid_2024-03-02.txt lists no data files (Data-Files: 0)"));
  }

  // ---------------------------------------------------------------- single-file deliveries

  @Test
  void singleFileDeliveryIsOneListedArchiveAndAnUnlistedArchiveIsRefused() throws Exception {
    write("rsid_2024-03-02.tar.gz", DATA1);
    write("rsid_2024-03-02.txt", String.join("\n", "Lookup-Files: 0", "Data-Files: 1", "Total-Records: 4", "",
        "Data-File: rsid_2024-03-02.tar.gz", "MD5-Digest: " + md5(DATA1), "File-Size: " + DATA1.length,
        "Record-Count: 4").getBytes(StandardCharsets.US_ASCII));

    Delivery delivery = find(MANIFEST_ONLY);

    assertThat(delivery.lookupFiles()).isEmpty();
    assertThat(delivery.dataFiles()).extracting(Delivery.DeliveredFile::name).containsExactly("rsid_2024-03-02.tar.gz");
    assertThat(delivery.verify(digests(delivery), Map.of(d + "/rsid_2024-03-02.tar.gz", 4L))).containsExactly(
        "verified against manifest " + d + "/rsid_2024-03-02.txt: 1 data and 0 lookup file(s) by size and MD5,"
            + " Record-Count of each data file and Total-Records 4");

    write("rsid_2024-03-02.zip", DATA2);
    FeedlakeException e = failure(() -> find(MANIFEST_ONLY), ExitCode.DATA_CONTRACT);
    assertThat(e.getMessage()).endsWith("(1 problem):\n  - data file " + d + "/rsid_2024-03-02.zip (16 bytes) is not"
        + " listed in the manifest (it lists [rsid_2024-03-02.tar.gz])");
  }

  // ---------------------------------------------------------------- hourly deliveries

  @Test
  void aLocalDayHas24HourLabels23WhenClocksGoForwardAnd24WhenTheyGoBack() {
    ZoneId ny = ZoneId.of("America/New_York");
    assertThat(Delivery.hoursOf(DAY, ny)).hasSize(24).startsWith(0, 1, 2).endsWith(23);
    assertThat(Delivery.hoursOf(LocalDate.parse("2024-03-10"), ny)).hasSize(23).doesNotContain(2);
    assertThat(Delivery.hoursOf(LocalDate.parse("2024-11-03"), ny)).hasSize(24);
    // Lord Howe Island moves its clocks by 30 minutes: 02:00-02:30 does not exist, 02:30 does.
    assertThat(Delivery.hoursOf(LocalDate.parse("2024-10-06"), ZoneId.of("Australia/Lord_Howe"))).hasSize(24);
    assertThat(Delivery.hoursOf(DAY, ZoneId.of("UTC"))).hasSize(24);
  }

  /** Writes hour {@code h}'s delivery: a data file with this content (or none) and its manifest. */
  private void writeHour(int h, byte[] data, long records, boolean withLookup) throws Exception {
    String stem = String.format("rsid_20240302-%02d0000", h);
    List<String> lines = new java.util.ArrayList<>(List.of("Datafeed-Manifest-Version: 1.0",
        "Lookup-Files: " + (withLookup ? 1 : 0), "Data-Files: " + (data == null ? 0 : 1), "Total-Records: " + records));
    if (withLookup) {
      write(stem + "-lookup_data.tar.gz", LOOKUP);
      lines.addAll(List.of("", "Lookup-File: " + stem + "-lookup_data.tar.gz", "MD5-Digest: " + md5(LOOKUP),
          "File-Size: " + LOOKUP.length));
    }
    if (data != null) {
      write("01-" + stem + ".tsv.gz", data);
      lines.addAll(List.of("", "Data-File: 01-" + stem + ".tsv.gz", "MD5-Digest: " + md5(data),
          "File-Size: " + data.length, "Record-Count: " + records));
    }
    write(stem + ".txt", String.join("\n", lines).getBytes(StandardCharsets.US_ASCII));
  }

  private Delivery findHourly(Delivery.Acceptance accept) {
    return Delivery.findHourly(fs, new org.apache.hadoop.fs.Path(d), "rsid", DAY, ZoneId.of("America/New_York"), accept);
  }

  @Test
  void hourlyDeliveriesAreConsolidatedIntoTheDayOnceEveryHourHasItsManifest() throws Exception {
    for (int h = 0; h < 24; h++) {
      writeHour(h, h == 3 ? null : (h % 2 == 0 ? DATA1 : DATA2), h == 3 ? 0 : 2, h == 0);
    }
    write("01-rsid_20240303-000000.tsv.gz", DATA1);
    write("01-rsid_20240302-230000.tsv.gz.part", DATA1);

    Delivery delivery = findHourly(MANIFEST_ONLY);

    assertThat(delivery.schedule()).isEqualTo(JobSpec.Schedule.HOURLY);
    assertThat(delivery.marker()).isEqualTo(Delivery.Marker.MANIFEST);
    assertThat(delivery.manifests()).hasSize(24);
    assertThat(delivery.lookupFiles()).extracting(Delivery.DeliveredFile::name)
        .containsExactly("rsid_20240302-000000-lookup_data.tar.gz");
    assertThat(delivery.dataFiles()).hasSize(23).first().extracting(Delivery.DeliveredFile::name)
        .isEqualTo("01-rsid_20240302-000000.tsv.gz");
    Map<String, Long> records = new HashMap<>();
    delivery.dataFiles().forEach(f -> records.put(f.path(), 2L));
    assertThat(delivery.verify(digests(delivery), records)).containsExactly(
        "consolidated the hourly deliveries of 2024-03-02: 24 hourly manifest(s) verified, 23 data and 1 lookup"
            + " file(s) by size and MD5, Record-Count of each data file and Total-Records of each manifest (46 in all)",
        "1 hour(s) were empty periods (Data-Files: 0): rsid_20240302-030000.txt");
    assertThat(Delivery.dates(fs, new org.apache.hadoop.fs.Path(d), "rsid", JobSpec.Schedule.HOURLY, MANIFEST_ONLY))
        .containsExactly(DAY);
    assertThat(Delivery.dates(fs, new org.apache.hadoop.fs.Path(d), "rsid", JobSpec.Schedule.DAILY, MANIFEST_ONLY))
        .isEmpty();

    records.put(d + "/01-rsid_20240302-050000.tsv.gz", 1L);
    Map<String, FileDigest> digests = digests(delivery);
    FeedlakeException e = failure(() -> delivery.verify(digests, records), ExitCode.DATA_CONTRACT);
    assertThat(e.getMessage()).isEqualTo(
        "Adobe delivery of 2024-03-02 (hourly, 24 manifest(s)) is corrupt or incomplete; nothing was published"
            + " (2 problems):\n"
            + "  - data file " + d + "/01-rsid_20240302-050000.tsv.gz: 1 records read (written, duplicate or"
            + " quarantined), but the manifest's Record-Count is 2\n"
            + "  - Total-Records: the manifest " + d + "/rsid_20240302-050000.txt says 2, but 1 records were read"
            + " from 1 data file(s)");
  }

  @Test
  void aDayWithHoursStillToComeIsInputNotReadyNamingTheMissingManifests() throws Exception {
    for (int h = 0; h < 22; h++) {
      writeHour(h, DATA1, 2, h == 0);
    }
    write("rsid_20240302-230000.fin", new byte[0]);

    FeedlakeException e = failure(() -> findHourly(MANIFEST_ONLY), ExitCode.INPUT_NOT_READY);

    assertThat(e.getMessage()).isEqualTo(
        "Hourly Adobe Analytics delivery for report suite rsid on 2024-03-02 (local day in America/New_York, 24 hours)"
            + " is not complete yet: 2 hour(s) have no manifest in " + d + ": rsid_20240302-220000.txt,"
            + " rsid_20240302-230000.txt (its .fin is there: set source.allow-fin = true to accept it)");
  }

  @Test
  void anHourlyDataFileNoManifestListsIsRefused() throws Exception {
    for (int h = 0; h < 24; h++) {
      writeHour(h, DATA1, 2, h == 0);
    }
    write("02-rsid_20240302-070000.tsv.gz", DATA2);

    FeedlakeException e = failure(() -> findHourly(MANIFEST_ONLY), ExitCode.DATA_CONTRACT);

    assertThat(e.getMessage()).isEqualTo(
        "Adobe delivery of rsid on 2024-03-02 (hourly, 24 hours) is corrupt or incomplete; nothing was published"
            + " (1 problem):\n  - data file " + d + "/02-rsid_20240302-070000.tsv.gz (16 bytes) is not listed in the"
            + " 24 manifests of the day");
  }

  @Test
  void hoursMarkedByFinAreAcceptedOnlyWhenAllowedAndSaidSo() throws Exception {
    for (int h = 0; h < 23; h++) {
      writeHour(h, DATA1, 2, h == 0);
    }
    write("01-rsid_20240302-230000.tsv.gz", DATA2);
    write("rsid_20240302-230000.fin", new byte[0]);

    Delivery delivery = findHourly(new Delivery.Acceptance(true, false));

    assertThat(delivery.marker()).isEqualTo(Delivery.Marker.FIN);
    assertThat(delivery.dataFiles()).hasSize(24).last().extracting(Delivery.DeliveredFile::expected).isNull();
    Map<String, Long> records = new HashMap<>();
    delivery.dataFiles().forEach(f -> records.put(f.path(), f.expected() == null ? 7L : 2L));
    assertThat(delivery.verify(digests(delivery), records)).contains(
        "some hours had no manifest (source.allow-fin): their sizes, MD5 digests and record counts were not checked");
  }
}
