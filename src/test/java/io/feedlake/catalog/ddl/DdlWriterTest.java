package io.feedlake.catalog.ddl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.feedlake.catalog.TableShape;
import io.feedlake.catalog.ddl.DdlWriter.Dialect;
import io.feedlake.config.JobSpec.TableName;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * DDL text against golden files in src/test/resources/ddl (regenerate on purpose only, with
 * {@code -Dfeedlake.regenerate-golden=true}, and review the diff). The table has every type the
 * mapping handles, nested ones included, and 205 partitions, so the ALTER TABLE statements split
 * 100 + 100 + 5.
 */
class DdlWriterTest {
  private static final TableName TABLE = new TableName("beta", "orders");
  private static final String LAKE = "s3a://corp-lake/prod";

  private static final StructType COLUMNS = new StructType()
      .add("order_id", DataTypes.StringType)
      .add("user", DataTypes.StringType)
      .add("amount", DataTypes.createDecimalType(12, 2))
      .add("quantity", DataTypes.IntegerType)
      .add("flags", DataTypes.ByteType)
      .add("score", DataTypes.FloatType)
      .add("ratio", DataTypes.DoubleType)
      .add("paid", DataTypes.BooleanType)
      .add("ordered_at", DataTypes.TimestampType)
      .add("ship_day", DataTypes.DateType)
      .add("offset", DataTypes.LongType)
      .add("digest", DataTypes.BinaryType)
      .add("tags", DataTypes.createArrayType(DataTypes.StringType))
      .add("lines", DataTypes.createArrayType(new StructType().add("sku", DataTypes.StringType)
          .add("price", DataTypes.createDecimalType(10, 2)).add("qty", DataTypes.ShortType)))
      .add("attributes", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType))
      .add("timestamp", DataTypes.TimestampType);

  private static DdlWriter.Table table() {
    SortedMap<String, String> parts = new TreeMap<>();
    LocalDate d = LocalDate.parse("2024-01-01");
    for (int i = 0; i < 205; i++) {
      String date = d.plusDays(i).toString();
      parts.put(date, LAKE + "/beta/orders/date=" + date + "/run=20240801T020000Z-1a2b3c");
    }
    return new DdlWriter.Table(TableShape.of(TABLE, COLUMNS, LAKE + "/beta/orders"), parts, Map.of("order_id", 36));
  }

  private static void assertGolden(String name, String actual) throws IOException {
    Path file = Paths.get("src/test/resources/ddl", name);
    if (Boolean.getBoolean("feedlake.regenerate-golden")) {
      Files.writeString(file, actual, StandardCharsets.UTF_8);
    }
    assertThat(actual).as("golden file " + file).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
  }

  @Test
  void spectrumDdlIsRedshiftTypedQuotedAndBatchedByOneHundred() throws IOException {
    String ddl = DdlWriter.script(List.of(table()), new DdlWriter.Options(Dialect.SPECTRUM, "spectrum_beta",
        "eu-west-1", "arn:aws:iam::123456789012:role/spectrum", LAKE, null));

    assertGolden("orders.spectrum.sql", ddl);
    assertThat(ddl).contains("\"user\" VARCHAR(65535)", "\"order_id\" VARCHAR(36)", "\"timestamp\" TIMESTAMP",
        "PARTITIONED BY (\"date\" VARCHAR(10))", "LOCATION 's3://corp-lake/prod/beta/orders/'");
    assertThat(ddl.split("ALTER TABLE", -1)).hasSize(4);
  }

  @Test
  void athenaAndHiveDdlUseHiveTypesAndOnlyAthenaRewritesS3a() throws IOException {
    String athena = DdlWriter.script(List.of(table()), new DdlWriter.Options(Dialect.ATHENA, "beta", "", "", LAKE, null));
    String hive = DdlWriter.script(List.of(table()), new DdlWriter.Options(Dialect.HIVE, "beta", "", "", LAKE, null));

    assertGolden("orders.athena.sql", athena);
    assertThat(hive).isEqualTo(athena.replace("s3://", "s3a://"));
  }

  @Test
  void locationsCanBeMovedToTheRootReadersUse() {
    String ddl = DdlWriter.script(List.of(table()), new DdlWriter.Options(Dialect.ATHENA, "beta", "", "", LAKE,
        "s3://reader-bucket/lake"));

    assertThat(ddl).contains("LOCATION 's3://reader-bucket/lake/beta/orders/'",
        "LOCATION 's3://reader-bucket/lake/beta/orders/date=2024-01-01/run=20240801T020000Z-1a2b3c/'");
    assertThat(ddl).doesNotContain("corp-lake");
  }

  @Test
  void everySparkTypeHasASpectrumType() {
    assertThat(DdlWriter.type(Dialect.SPECTRUM, DataTypes.createDecimalType(38, 0), null)).isEqualTo("DECIMAL(38,0)");
    assertThat(DdlWriter.type(Dialect.SPECTRUM, DataTypes.StringType, 100_000)).isEqualTo("VARCHAR(65535)");
    assertThat(DdlWriter.type(Dialect.SPECTRUM,
        DataTypes.createMapType(DataTypes.StringType, DataTypes.createArrayType(DataTypes.DoubleType)), null))
        .isEqualTo("map<varchar(65535),array<double precision>>");
    assertThatThrownBy(() -> DdlWriter.type(Dialect.SPECTRUM, DataTypes.CalendarIntervalType, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot declare type interval in Redshift Spectrum");
    assertThat(DdlWriter.type(Dialect.ATHENA, COLUMNS.apply("lines").dataType(), null).toLowerCase(Locale.ROOT))
        .isEqualTo("array<struct<sku:string,price:decimal(10,2),qty:smallint>>");
  }
}
