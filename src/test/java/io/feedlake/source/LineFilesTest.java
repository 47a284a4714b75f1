package io.feedlake.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.feedlake.ExitCode;
import io.feedlake.FeedlakeException;
import io.feedlake.testing.LocalSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(LocalSpark.PerClass.class)
class LineFilesTest {
  private static SparkSession spark; // started and stopped by LocalSpark.PerClass
  private static final StructType SCHEMA = LineFiles.lineSchema();

  private static long read(Path file) throws IOException {
    String path = file.toUri().toString();
    return LineFiles.read(spark, List.of(new InputFile(path, Files.size(file))), SCHEMA,
            p -> line -> RowFactory.create(p, line.number(), null, null, line.text(), line.invalidUtf8()))
        .count();
  }

  @Test
  void aTruncatedGzipFailsWithExit3NamingTheFile(@TempDir Path dir) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      for (int i = 0; i < 20_000; i++) {
        gz.write(("{\"n\":" + i + ",\"text\":\"line " + Integer.toHexString(i * 7919) + "\"}\n")
            .getBytes(StandardCharsets.UTF_8));
      }
    }
    Path whole = dir.resolve("whole.json.gz");
    Path cut = dir.resolve("events-000.json.gz");
    Files.write(whole, bytes.toByteArray());
    Files.write(cut, Arrays.copyOf(bytes.toByteArray(), bytes.size() / 2));
    assertThat(read(whole)).isEqualTo(20_000);

    Throwable t = catchThrowable(() -> read(cut));

    FeedlakeException f = null;
    for (Throwable c = t; c != null && f == null; c = c.getCause()) {
      f = c instanceof FeedlakeException fe ? fe : null;
    }
    assertThat(f).as("a FeedlakeException in the cause chain of %s", t).isNotNull();
    assertThat(f.exitCode()).isEqualTo(ExitCode.DATA_CONTRACT);
    assertThat(f.getMessage()).startsWith("Cannot read " + cut.toUri() + ": the compressed file is truncated or corrupt after ")
        .containsPattern("after \\d+ lines \\(EOFException: ");
  }

  private static FeedlakeException feedlakeCause(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof FeedlakeException fe) {
        return fe;
      }
    }
    throw new AssertionError("no FeedlakeException in the cause chain of " + t, t);
  }

  private static List<org.apache.spark.sql.Row> rows(Path file) throws IOException {
    String path = file.toUri().toString();
    return LineFiles.read(spark, List.of(new InputFile(path, Files.size(file))), SCHEMA,
            p -> line -> RowFactory.create(p, line.number(), null, null, line.text(), line.invalidUtf8()))
        .collectAsList();
  }

  private static void withLimits(ReadLimits limits, Runnable body) {
    org.apache.hadoop.conf.Configuration conf = spark.sparkContext().hadoopConfiguration();
    limits.applyTo(conf);
    try {
      body.run();
    } finally {
      conf.unset(ReadLimits.MAX_RECORD_BYTES);
      conf.unset(ReadLimits.MAX_EXPANSION);
    }
  }

  @Test
  void anEmptyGzipFailsWithExit3NamingTheFile(@TempDir Path dir) throws IOException {
    Path empty = Files.write(dir.resolve("events-001.json.gz"), new byte[0]);

    FeedlakeException f = feedlakeCause(catchThrowable(() -> read(empty)));

    assertThat(f.exitCode()).isEqualTo(ExitCode.DATA_CONTRACT);
    assertThat(f.getMessage()).startsWith("Cannot read " + empty.toUri() + ": ");
  }

  @Test
  void aGzipExpandingPastMaxExpansionFailsWithExit3NamingTheFile(@TempDir Path dir) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      byte[] line = ("{\"pad\":\"" + "a".repeat(1000) + "\"}\n").getBytes(StandardCharsets.UTF_8);
      for (int i = 0; i < 1000; i++) {
        gz.write(line);
      }
    }
    Path bomb = Files.write(dir.resolve("bomb.json.gz"), bytes.toByteArray());
    assertThat(read(bomb)).as("within the default 1000x").isEqualTo(1000);

    withLimits(new ReadLimits(1 << 20, 20), () -> {
      FeedlakeException f = feedlakeCause(catchThrowable(() -> read(bomb)));
      assertThat(f.exitCode()).isEqualTo(ExitCode.DATA_CONTRACT);
      assertThat(f.getMessage()).startsWith("Cannot read " + bomb.toUri() + ": it decompresses to more than "
          + 20L * bytes.size() + " bytes, over source.max-expansion (20 x its " + bytes.size() + " compressed bytes)");
    });
  }

  @Test
  void aLineOverMaxRecordBytesBecomesARecordTooLargeRowAndTheRestIsRead(@TempDir Path dir) throws IOException {
    Path file = Files.write(dir.resolve("p0.json"),
        ("short\n" + "x".repeat(5000) + "\nafter\n").getBytes(StandardCharsets.UTF_8));
    withLimits(new ReadLimits(100, 1000), () -> {
      List<org.apache.spark.sql.Row> rows;
      try {
        rows = rows(file);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      assertThat(rows).hasSize(3);
      assertThat(rows.get(0).getString(4)).isEqualTo("short");
      org.apache.spark.sql.Row big = rows.get(1);
      assertThat(big.getLong(1)).isEqualTo(2);
      assertThat(big.getString(2)).isEqualTo(LineFiles.RECORD_TOO_LARGE);
      assertThat(big.getString(3)).isEqualTo("line 2 of " + file.toUri() + " is 5000 bytes, over"
          + " source.max-record-bytes (100); its first 1024 characters are kept");
      assertThat(big.getString(4)).isEqualTo("x".repeat(1024));
      assertThat(rows.get(2).getString(4)).isEqualTo("after");
      assertThat(rows.get(2).getLong(1)).isEqualTo(3);
    });
  }

  @Test
  void theReaderCountsLinesAndAByteOrderMarkIndependentlyOfTheRows(@TempDir Path dir) throws IOException {
    byte[] text = "a\nb\n".getBytes(StandardCharsets.UTF_8);
    byte[] withBom = new byte[text.length + 3];
    withBom[0] = (byte) 0xEF;
    withBom[1] = (byte) 0xBB;
    withBom[2] = (byte) 0xBF;
    System.arraycopy(text, 0, withBom, 3, text.length);
    Path file = Files.write(dir.resolve("bom.json"), withBom);
    ReadTally tally = ReadTally.of(spark.sparkContext());
    tally.reset();

    List<org.apache.spark.sql.Row> rows = rows(file);
    rows(file);

    assertThat(rows.get(0).getString(4)).isEqualTo("a");
    assertThat(tally.value()).containsOnlyKeys(file.toUri().toString());
    assertThat(tally.value().get(file.toUri().toString()))
        .as("read twice, counted once").isEqualTo(new ReadTally.FileRead(file.toUri().toString(), 2, true));
  }

  @Test
  void aStorageErrorIsTransientAndADecompressorEofIsData() {
    RuntimeException storage = LineFiles.readFailure("s3a://b/k.json.gz", 7,
        new LineFiles.StorageReadException(new java.io.EOFException("premature end of object")));
    RuntimeException data = LineFiles.readFailure("file:/x.json.gz", 7, new java.io.EOFException("Unexpected end of input stream"));

    assertThat(((FeedlakeException) storage).exitCode()).isEqualTo(ExitCode.TRANSIENT);
    assertThat(storage.getMessage()).isEqualTo("Cannot read s3a://b/k.json.gz: the storage read failed after 7 lines"
        + " (EOFException: premature end of object); retry");
    assertThat(((FeedlakeException) data).exitCode()).isEqualTo(ExitCode.DATA_CONTRACT);
    assertThat(data.getMessage()).startsWith("Cannot read file:/x.json.gz: the compressed file is truncated");
  }
}
