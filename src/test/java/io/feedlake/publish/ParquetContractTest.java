package io.feedlake.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedlake.testing.LocalSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The output contract catches Spark's INT96 default, other codecs, and schema drift in files. */
@ExtendWith(LocalSpark.PerClass.class)
class ParquetContractTest {
  private static SparkSession spark; // started and stopped by LocalSpark.PerClass

  private static Dataset<Row> rows() {
    return spark.sql("SELECT 'a' AS id, TIMESTAMP'2024-03-01 12:00:00' AS ts, CAST(1.5 AS DECIMAL(12,2)) AS amount");
  }

  private static final StructType COLUMNS = StructType.fromDDL("id STRING, ts TIMESTAMP, amount DECIMAL(12,2)");

  private static ParquetContract.FooterCheck write(Path dir, String timestampType, String codec, Dataset<Row> df,
      StructType expected) throws IOException {
    String previous = spark.conf().get("spark.sql.parquet.outputTimestampType");
    spark.conf().set("spark.sql.parquet.outputTimestampType", timestampType);
    try {
      df.coalesce(1).write().option("compression", codec).parquet(dir.toString());
    } finally {
      spark.conf().set("spark.sql.parquet.outputTimestampType", previous);
    }
    try (Stream<Path> files = Files.list(dir)) {
      Path file = files.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
      return ParquetContract.check(new Configuration(), new org.apache.hadoop.fs.Path(file.toUri()), expected);
    }
  }

  @Test
  void snappyInt64MicrosWithTheDeclaredColumnsHolds(@TempDir Path dir) throws IOException {
    ParquetContract.FooterCheck check = write(dir.resolve("ok"), "TIMESTAMP_MICROS", "snappy", rows(), COLUMNS);

    assertThat(check.violations()).isEmpty();
    assertThat(check.rows()).isEqualTo(1);
  }

  @Test
  void sparksInt96DefaultIsAViolation(@TempDir Path dir) throws IOException {
    ParquetContract.FooterCheck check = write(dir.resolve("int96"), "INT96", "snappy", rows(), COLUMNS);

    assertThat(check.violations()).containsExactly("column ts is INT96, expected INT64 timestamps");
  }

  @Test
  void anotherCodecIsAViolationPerColumnChunk(@TempDir Path dir) throws IOException {
    ParquetContract.FooterCheck check = write(dir.resolve("gzip"), "TIMESTAMP_MICROS", "gzip", rows(), COLUMNS);

    assertThat(check.violations()).hasSize(3).allMatch(v -> v.endsWith("is compressed with GZIP, expected SNAPPY"));
  }

  @Test
  void decimalScaleAndColumnNamesMustMatchTheTable(@TempDir Path dir) throws IOException {
    Dataset<Row> drifted = spark.sql("SELECT 'a' AS id, CAST(1.5 AS DECIMAL(10,1)) AS amount, 1 AS extra");

    ParquetContract.FooterCheck check = write(dir.resolve("drift"), "TIMESTAMP_MICROS", "snappy", drifted, COLUMNS);

    assertThat(check.violations()).containsExactly(
        "column ts of the table is missing from the file",
        "column amount is DECIMAL(10,1), expected DECIMAL(12,2)",
        "column extra in the file is not a column of the table");
  }
}
