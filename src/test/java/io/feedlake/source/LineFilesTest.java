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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineFilesTest {
  private static SparkSession spark;
  private static final StructType SCHEMA = LineFiles.lineSchema();

  @BeforeAll
  static void start() {
    spark = LocalSpark.start();
  }

  @AfterAll
  static void stop() {
    LocalSpark.stop();
  }

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
}
