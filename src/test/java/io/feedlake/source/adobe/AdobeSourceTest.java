package io.feedlake.source.adobe;

import io.feedlake.config.Rules.OnUnknown;
import io.feedlake.ingest.Classification;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.feedlake.ExitCode;
import io.feedlake.FeedlakeException;
import io.feedlake.config.JobSpec.AdobeSourceSpec;
import io.feedlake.config.JobSpec.LabelSpec;
import io.feedlake.config.JobSpec.LookupSpec;
import io.feedlake.config.JobSpec.PartitionDate;
import io.feedlake.config.JobSpec.Schedule;
import io.feedlake.conform.Classified;
import io.feedlake.source.InputFile;
import io.feedlake.testing.LocalSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Adobe source on a local Spark session (no catalog): deliveries with a subset of Adobe's
 * columns degrade feature by feature with notes, and the executor-side digests catch a changed
 * byte. Each test writes its own small delivery.
 */
@ExtendWith(LocalSpark.PerClass.class)
class AdobeSourceTest {
  private static final LocalDate DAY = LocalDate.parse("2024-03-02");
  private static SparkSession spark; // started and stopped by LocalSpark.PerClass

  @TempDir Path dir;

  private AdobeSourceSpec spec() {
    return new AdobeSourceSpec(dir.toString(), "rsid", ZoneId.of("Europe/Paris"), PartitionDate.LOCAL, Schedule.DAILY, false, false,
        List.of(new LookupSpec("browser_name", "browser", "browser.tsv"),
            new LookupSpec("country_name", "country", "country.tsv")),
        List.of("post_event_list"), Map.of("post_evar1", "internal_campaign"),
        List.of(new LabelSpec("va_closer_id", "last_touch_channel", Map.of("1", "Paid Search"), null)));
  }

  /** Writes a delivery with these columns and records, a matching manifest and lookups. */
  private void deliver(String columns, String... records) throws Exception {
    Map<String, byte[]> members = new LinkedHashMap<>();
    members.put("column_headers.tsv", (columns + "\n").getBytes(StandardCharsets.UTF_8));
    members.put("browser.tsv", "5000000101\tGoogle Chrome 122.0\n".getBytes(StandardCharsets.UTF_8));
    byte[] lookup = tarGz(members);
    byte[] data = gzip(String.join("", records).getBytes(StandardCharsets.UTF_8));
    Files.write(dir.resolve("rsid_2024-03-02-lookup_data.tar.gz"), lookup);
    Files.write(dir.resolve("01-rsid_2024-03-02.tsv.gz"), data);
    Files.writeString(dir.resolve("rsid_2024-03-02.txt"), String.join("\n",
        "Datafeed-Manifest-Version: 1.0", "Lookup-Files: 1", "Data-Files: 1", "Total-Records: " + records.length, "",
        "Lookup-File: rsid_2024-03-02-lookup_data.tar.gz", "MD5-Digest: " + md5(lookup), "File-Size: " + lookup.length, "",
        "Data-File: 01-rsid_2024-03-02.tsv.gz", "MD5-Digest: " + md5(data), "File-Size: " + data.length,
        "Record-Count: " + records.length));
  }

  private record Run(Classification source, Dataset<Row> classified, Map<String, Long> recordsPerFile) {}

  private Run run() {
    Classification source = Classification.of(new AdobeSource(spec()), null, OnUnknown.IGNORE);
    List<InputFile> files = source.source().list(spark.sparkContext().hadoopConfiguration(), DAY);
    Dataset<Row> classified = source.classify(spark, files, DAY).cache();
    Map<String, Long> records = new LinkedHashMap<>();
    classified.filter("_disposition <> 'skipped'").groupBy(Classified.SOURCE_FILE).count().collectAsList()
        .forEach(r -> records.put(r.getString(0), r.getLong(1)));
    return new Run(source, classified, records);
  }

  @Test
  void aFeedWithFewColumnsSkipsWhatItCannotDoAndSaysSo() throws Exception {
    deliver("post_pagename\tbrowser\tvisit_num",
        "home\t5000000101\t1\n", "cart\t\t2\n", "home\t5000000101\t1\n");

    Run r = run();

    assertThat(r.source().outputColumns()).containsExactly("post_pagename", "browser", "visit_num", "browser_name");
    assertThat(r.classified().filter("_disposition = 'written'").count()).as("no dedupe key: all written").isEqualTo(3);
    assertThat(r.classified().select("date").distinct().collectAsList()).extracting(x -> x.getString(0))
        .containsExactly("2024-03-02");
    assertThat(r.classified().filter("browser_name = 'Google Chrome 122.0'").count()).isEqualTo(2);
    assertThat(r.source().verify(r.recordsPerFile())).containsExactly(
        "verified against manifest file:" + dir + "/rsid_2024-03-02.txt: 1 data and 1 lookup file(s) by size and MD5,"
            + " Record-Count of each data file and Total-Records 3",
        "lookup country_name skipped: column country is not in this delivery",
        "event list post_event_list not decoded: the column is not in this delivery",
        "no hit_time_gmt column: hit_time_utc is not added",
        "no hitid_high/hitid_low columns: hits are not deduplicated",
        "neither date_time nor hit_time_gmt is delivered: every hit is dated 2024-03-02",
        "label last_touch_channel skipped: column va_closer_id is not in this delivery",
        "rename post_evar1 -> internal_campaign skipped: column post_evar1 is not in this delivery");
  }

  @Test
  void renamesLabelsAndTheDayFromHitTimeGmtWhenDateTimeIsAbsent() throws Exception {
    // 1709420400 = 2024-03-02T23:00:00Z, already 2024-03-03 in Paris.
    deliver("hitid_high\thitid_low\thit_time_gmt\tpost_evar1\tva_closer_id\tcountry",
        "1\t9\t1709380800\tspring\t1\t\n", "1\t9\t1709380800\tspring\t1\t\n", "2\t9\t1709420400\t\t7\t\n");

    Run r = run();

    assertThat(r.source().outputColumns()).containsExactly("hitid_high", "hitid_low", "hit_time_gmt",
        "internal_campaign", "va_closer_id", "country", "hit_time_utc", "last_touch_channel");
    List<Row> rows = r.classified().orderBy(Classified.LINE_NUMBER)
        .select(Classified.DISPOSITION, Classified.REASON, "internal_campaign", "last_touch_channel", "date")
        .collectAsList();
    assertThat(rows).extracting(Row::toString).containsExactly(
        "[written,null,spring,Paid Search,2024-03-02]",
        "[duplicate,duplicate,spring,Paid Search,2024-03-02]",
        "[quarantined,early_event,,null,2024-03-03]");
    assertThat(r.source().verify(r.recordsPerFile())).contains(
        "no date_time column: a hit's day is the local day of hit_time_gmt in Europe/Paris",
        "lookup country_name skipped: country.tsv is not in the lookup archive");
  }

  @Test
  void aChangedByteIsCaughtByTheDigestComputedWhileReading() throws Exception {
    deliver("post_pagename\tvisit_num", "home\t1\n", "cart\t2\n");
    Path data = dir.resolve("01-rsid_2024-03-02.tsv.gz");
    byte[] bytes = Files.readAllBytes(data);
    String expected = md5(bytes);
    bytes[bytes.length - 5] ^= 0x20;
    Files.write(data, bytes);

    Run r = run();
    FeedlakeException e = catchThrowableOfType(() -> r.source().verify(r.recordsPerFile()), FeedlakeException.class);

    assertThat(e.exitCode()).isEqualTo(ExitCode.DATA_CONTRACT);
    assertThat(e.getMessage()).isEqualTo(
        "Adobe delivery file:" + dir + "/rsid_2024-03-02.txt is corrupt or incomplete; nothing was published"
            + " (1 problem):\n  - data file file:" + data + ": MD5 " + md5(bytes) + " does not match the manifest's"
            + " MD5-Digest " + expected + " (" + bytes.length + " bytes read)");
  }

  /** Writes a single-file delivery: one zip holding hit_data.tsv (under a folder) and the lookups, listed alone. */
  private Path deliverZip(Map<String, byte[]> members, int records) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Map.Entry<String, byte[]> m : members.entrySet()) {
        zip.putNextEntry(new ZipEntry(m.getKey()));
        zip.write(m.getValue());
        zip.closeEntry();
      }
    }
    byte[] bytes = out.toByteArray();
    Path archive = dir.resolve("rsid_2024-03-02.zip");
    Files.write(archive, bytes);
    Files.writeString(dir.resolve("rsid_2024-03-02.txt"), String.join("\n",
        "Datafeed-Manifest-Version: 1.0", "Lookup-Files: 0", "Data-Files: 1", "Total-Records: " + records, "",
        "Data-File: rsid_2024-03-02.zip", "MD5-Digest: " + md5(bytes), "File-Size: " + bytes.length,
        "Record-Count: " + records));
    return archive;
  }

  @Test
  void aSingleFileZipDeliveryIsReadWithTheLookupsItCarries() throws Exception {
    Map<String, byte[]> members = new LinkedHashMap<>();
    members.put("export/hit_data.tsv",
        "home\t5000000101\t1\nsay \"hi\\\tthere\"\t\t2\ncart\t5000000101\t3\n".getBytes(StandardCharsets.UTF_8));
    members.put("column_headers.tsv", "post_pagename\tbrowser\tvisit_num\n".getBytes(StandardCharsets.UTF_8));
    members.put("browser.tsv", "5000000101\tGoogle Chrome 122.0\n".getBytes(StandardCharsets.UTF_8));
    deliverZip(members, 3);

    Run r = run();

    assertThat(r.source().outputColumns()).containsExactly("post_pagename", "browser", "visit_num", "browser_name");
    assertThat(r.classified().filter("_disposition = 'written'").orderBy("visit_num")
        .select("post_pagename", "browser_name").collectAsList()).extracting(Row::toString)
        .containsExactly("[home,Google Chrome 122.0]", "[say \"hi\tthere\",null]", "[cart,Google Chrome 122.0]");
    assertThat(r.source().verify(r.recordsPerFile())).contains(
        "verified against manifest file:" + dir + "/rsid_2024-03-02.txt: 1 data and 0 lookup file(s) by size and MD5,"
            + " Record-Count of each data file and Total-Records 3",
        "no separate lookup file: column names and lookups were read from the data archive rsid_2024-03-02.zip");
  }

  @Test
  void aDataArchiveWithoutHitDataIsRefusedNamingItsMembers() throws Exception {
    Map<String, byte[]> members = new LinkedHashMap<>();
    members.put("column_headers.tsv", "post_pagename\tvisit_num\n".getBytes(StandardCharsets.UTF_8));
    members.put("hits.tsv", "home\t1\n".getBytes(StandardCharsets.UTF_8));
    Path archive = deliverZip(members, 1);

    Run r = run();
    FeedlakeException e = catchThrowableOfType(() -> r.source().verify(r.recordsPerFile()), FeedlakeException.class);

    assertThat(e.exitCode()).isEqualTo(ExitCode.DATA_CONTRACT);
    assertThat(e.getMessage()).endsWith("(1 problem):\n  - data file file:" + archive
        + ": cannot unpack it as zip: the archive holds no hit_data.tsv (members: [column_headers.tsv, hits.tsv])");
  }

  private static String md5(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
  }

  private static byte[] gzip(byte[] b) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(b);
    }
    return out.toByteArray();
  }

  private static byte[] tarGz(Map<String, byte[]> members) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
      for (Map.Entry<String, byte[]> m : members.entrySet()) {
        TarArchiveEntry e = new TarArchiveEntry(m.getKey());
        e.setSize(m.getValue().length);
        tar.putArchiveEntry(e);
        tar.write(m.getValue());
        tar.closeArchiveEntry();
      }
    }
    return out.toByteArray();
  }
}
