package io.feedlake.conform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.feedlake.config.ConfigException;
import io.feedlake.config.Rules.ColumnCast;
import io.feedlake.config.Rules.OnCastError;
import io.feedlake.config.Rules.TimestampSource;
import io.feedlake.config.Rules;
import io.feedlake.testing.LocalSpark;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Each conform step on tiny classified Datasets: values, dispositions and counters. */
@ExtendWith(LocalSpark.PerClass.class)
class ConformChainTest {
  private static SparkSession spark; // started and stopped by LocalSpark.PerClass

  /** Rows with the internal columns the steps read and write, plus the given output columns. */
  private static Conformed classified(String outputDdl, List<Row> values, String... dispositions) {
    StructType out = StructType.fromDDL(outputDdl);
    StructType schema = out.add(Classified.DISPOSITION, "string").add(Classified.REASON, "string")
        .add(Classified.STAGE, "string").add(Classified.MESSAGE, "string");
    List<Row> rows = new java.util.ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      Object[] v = new Object[out.size() + 4];
      for (int j = 0; j < out.size(); j++) {
        v[j] = values.get(i).get(j);
      }
      v[out.size()] = dispositions.length > i ? dispositions[i] : Classified.WRITTEN;
      rows.add(RowFactory.create(v));
    }
    return new Conformed(spark.createDataFrame(rows, schema), List.of(out.fieldNames()));
  }

  private static Map<String, Long> metrics(Dataset<Row> df) {
    List<String> cols = Arrays.stream(df.columns()).filter(c -> c.startsWith(Conformed.METRIC_PREFIX)).toList();
    if (cols.isEmpty()) {
      return Map.of();
    }
    Row sums = df.agg(functions.sum(cols.get(0)),
        cols.stream().skip(1).map(functions::sum).toArray(org.apache.spark.sql.Column[]::new)).first();
    Map<String, Long> out = new LinkedHashMap<>();
    for (int i = 0; i < cols.size(); i++) {
      out.put(Conformed.metricName(cols.get(i)), sums.getLong(i));
    }
    return out;
  }

  @Test
  void sanitizeReplacesOnlyWhatSpectrumRejectsAndCountsPerColumn() {
    // U+1FFFE and U+10FFFF are the supplementary-plane non-characters the AWS page lists.
    Conformed in = classified("caption STRING, code STRING, n INT",
        List.of(RowFactory.create("ok \u00e9\u65e5\u672c\ud83d\udcf7\ttab\nline\r\nCRLF\r", "a", 1),
            RowFactory.create("bad\ufffd\u0001\u007f\ufdd0\ufdef\ufffe\uffff\ud83f\udffe\udbff\udfff end\r", "b\u0085", 2),
            RowFactory.create("also\ufdd5", "c\uffff", 3)),
        Classified.WRITTEN, Classified.WRITTEN, Classified.QUARANTINED);

    Conformed out = new Sanitize("?", Map.of()).apply(in);

    List<Row> rows = out.rows().orderBy("n").select("caption", "code").collectAsList();
    // CR, LF, TAB, C0/C1 controls and DEL are valid UTF-8 that Spectrum reads: kept.
    assertThat(rows.stream().map(r -> r.getString(0)).toList()).containsExactly(
        "ok \u00e9\u65e5\u672c\ud83d\udcf7\ttab\nline\r\nCRLF\r", "bad?\u0001\u007f?????? end\r", "also?");
    assertThat(rows.stream().map(r -> r.getString(1)).toList()).containsExactly("a", "b\u0085", "c?");
    // Counted in characters, per column, over written rows only: row 3 is quarantined.
    assertThat(metrics(out.rows())).containsEntry("sanitized.caption", 7L).containsEntry("sanitized.code", 0L);
  }

  @Test
  void sanitizeReplacesControlCharactersOnlyWhenConfiguredTo() {
    Conformed in = classified("caption STRING",
        List.of(RowFactory.create("body\r\nline\ttab\u0001\u007f\u0085\uffff")), Classified.WRITTEN);

    Conformed out = new Sanitize("?", Map.of(), Rules.ControlCharacters.REPLACE).apply(in);

    assertThat(out.rows().select("caption").first().getString(0)).isEqualTo("body?\nline\ttab????");
    assertThat(metrics(out.rows())).containsEntry("sanitized.caption", 5L);
  }

  @Test
  void sanitizeTruncatesToUtf8BytesOnACharacterBoundary() {
    Conformed in = classified("caption STRING",
        List.of(RowFactory.create("\u65e5\u672c\u8a9e"), RowFactory.create("abcd"), RowFactory.create("ab\ud83d\udcf7")));

    Conformed out = new Sanitize("?", Map.of("caption", 4)).apply(in);

    List<String> captions = out.rows().select("caption").collectAsList().stream().map(r -> r.getString(0)).toList();
    // 日本語 is 9 bytes: 4 bytes hold 日 and a third of 本, which is cut away; 📷 is 4 bytes.
    assertThat(captions).containsExactly("\u65e5", "abcd", "ab");
    assertThat(metrics(out.rows())).containsEntry("truncated.caption", 2L);
  }

  @Test
  void castNullsAndCountsOrQuarantinesPerColumnPolicy() {
    Map<String, ColumnCast> casts = new LinkedHashMap<>();
    casts.put("amount", new ColumnCast("decimal(12,2)", null, null, OnCastError.QUARANTINE));
    casts.put("qty", new ColumnCast("int", null, null, OnCastError.NULL));
    casts.put("paid", new ColumnCast("boolean", null, null, OnCastError.NULL));
    casts.put("at_ms", new ColumnCast("timestamp", TimestampSource.EPOCH_MILLIS, null, OnCastError.NULL));
    casts.put("local", new ColumnCast("timestamp", TimestampSource.PATTERN, "dd/MM/yyyy HH:mm", OnCastError.NULL));
    Conformed in = classified("amount STRING, qty STRING, paid STRING, at_ms STRING, local STRING, id INT",
        List.of(
            RowFactory.create("19.99", "3", "true", "1709294400000", "01/03/2024 12:30", 1),
            RowFactory.create("12345678901.5", "12.5", "maybe", "soon", "2024-03-01", 2),
            RowFactory.create("abc", null, "no", null, null, 3)));

    Conformed out = new Cast(casts).apply(in);

    List<Row> rows = out.rows().orderBy("id").collectAsList();
    Row ok = rows.get(0);
    assertThat(ok.<BigDecimal>getAs("amount")).isEqualByComparingTo("19.99");
    assertThat(ok.<Integer>getAs("qty")).isEqualTo(3);
    assertThat(ok.<Boolean>getAs("paid")).isTrue();
    assertThat(ok.<java.sql.Timestamp>getAs("at_ms").toInstant()).hasToString("2024-03-01T12:00:00Z");
    assertThat(ok.<java.sql.Timestamp>getAs("local").toInstant()).hasToString("2024-03-01T12:30:00Z");
    assertThat(ok.<String>getAs(Classified.DISPOSITION)).isEqualTo(Classified.WRITTEN);
    // Row 2: amount overflows decimal(12,2) -> quarantined; row 3: 'abc' -> quarantined.
    assertThat(rows.get(1).<String>getAs(Classified.DISPOSITION)).isEqualTo(Classified.QUARANTINED);
    assertThat(rows.get(1).<String>getAs(Classified.REASON)).isEqualTo("cast_error");
    assertThat(rows.get(1).<String>getAs(Classified.MESSAGE))
        .isEqualTo("column amount: cannot cast '12345678901.5' to decimal(12,2)");
    assertThat(rows.get(2).<String>getAs(Classified.MESSAGE)).isEqualTo("column amount: cannot cast 'abc' to decimal(12,2)");
    // '12.5' is not silently truncated to 12: it is null and counted (row 2 was written when cast).
    assertThat(rows.get(1).<Integer>getAs("qty")).isNull();
    assertThat(metrics(out.rows()))
        .containsEntry("cast_null.qty", 1L).containsEntry("cast_null.paid", 1L)
        .containsEntry("cast_null.at_ms", 1L).containsEntry("cast_null.local", 1L);
  }

  @Test
  void renameDeriveAndFilterKeepEveryRowAccountedFor() {
    Conformed in = classified("post_evar1 STRING, va_closer_id INT, user_agent STRING",
        List.of(RowFactory.create("spring", 1, "Mozilla"), RowFactory.create("fall", 3, "Googlebot/2.1"),
            RowFactory.create(null, 2, null)));
    Map<String, String> derive = new LinkedHashMap<>();
    derive.put("last_touch_channel",
        "CASE va_closer_id WHEN 1 THEN 'Paid Search' WHEN 2 THEN 'Natural Search' ELSE 'Other' END");

    Conformed out = new ConformChain(List.of(
            new Rename(Map.of("post_evar1", "internal_campaign")),
            new Derive(derive),
            new Filter(Map.of("not_a_bot", "user_agent NOT LIKE '%bot%'"))))
        .apply(in);

    assertThat(out.columns()).containsExactly("internal_campaign", "va_closer_id", "user_agent", "last_touch_channel");
    Map<Integer, List<Object>> byId = out.rows().collectAsList().stream().collect(Collectors.toMap(
        r -> r.<Integer>getAs("va_closer_id"),
        r -> Arrays.asList(r.getAs("internal_campaign"), r.getAs("last_touch_channel"), r.getAs(Classified.DISPOSITION),
            r.getAs(Classified.REASON))));
    assertThat(byId.get(1)).containsExactly("spring", "Paid Search", "written", null);
    assertThat(byId.get(3)).containsExactly("fall", "Other", "filtered", "filter:not_a_bot");
    // A null user agent does not satisfy the predicate: removed, and counted, not kept by accident.
    assertThat(byId.get(2)).containsExactly(null, "Natural Search", "filtered", "filter:not_a_bot");
  }

  @Test
  void badStepSettingsFailBeforeAnyDataIsRead() {
    Conformed in = classified("a STRING", List.of(RowFactory.create("x")));

    assertThatThrownBy(() -> new Derive(Map.of("b", "nosuchcolumn + 1")).apply(in))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("conform.derive.b: invalid expression 'nosuchcolumn + 1'");
    assertThatThrownBy(() -> new Rename(Map.of("zz", "y")).apply(in))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("conform.rename.zz: no output column 'zz'");
    assertThatThrownBy(() -> new Cast(Map.of("q", new ColumnCast("int", null, null, OnCastError.NULL))).apply(in))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("conform.cast.q: no output column 'q'");
  }

  @Test
  void arraysCanBeSerializedToJson() {
    StructType schema = StructType.fromDDL("tags ARRAY<STRING>");
    Conformed in = new Conformed(
        spark.createDataFrame(List.of(RowFactory.create(scala.collection.JavaConverters.asScalaBuffer(List.of("a", "b")).toList())), schema)
            .withColumn(Classified.DISPOSITION, functions.lit("written")),
        List.of("tags"));

    Dataset<Row> expected =
        spark.createDataFrame(List.of(RowFactory.create("[\"a\",\"b\"]")), StructType.fromDDL("tags STRING"));
    LocalSpark.assertSameRows(expected, new ArraysToJson().apply(in).rows().select("tags"));
  }

  @Test
  void renamesRunInTheirConfiguredOrderOnEveryRun() {
    // c0 -> c1 -> ... -> c30 only works in this order; in any other order some rename finds no
    // column (or a taken name), which is what a hash-ordered copy did on some JVM runs.
    Conformed in = classified("c0 STRING, other STRING", List.of(RowFactory.create("v", "w")));
    Map<String, String> chain = new LinkedHashMap<>();
    for (int i = 0; i < 30; i++) {
      chain.put("c" + i, "c" + (i + 1));
    }
    Map<String, String> shift = new LinkedHashMap<>();
    shift.put("other", "b");
    shift.put("b", "c");

    Conformed out = new Rename(chain).apply(in);
    Conformed shifted = new Rename(shift).apply(in);

    assertThat(out.columns()).containsExactly("c30", "other");
    assertThat(out.rows().select("c30").first().getString(0)).isEqualTo("v");
    assertThat(shifted.columns()).containsExactly("c0", "c");
    assertThat(shifted.rows().select("c").first().getString(0)).isEqualTo("w");
  }

  @Test
  void theFirstConfiguredCastThatFailsNamesTheQuarantineReason() {
    StringBuilder ddl = new StringBuilder();
    Object[] values = new Object[12];
    Map<String, ColumnCast> casts = new LinkedHashMap<>();
    for (int i = 11; i >= 0; i--) {
      casts.put("n" + i, new ColumnCast("int", null, null, OnCastError.QUARANTINE));
    }
    for (int i = 0; i < 12; i++) {
      ddl.append(i == 0 ? "" : ", ").append("n").append(i).append(" STRING");
      values[i] = "bad" + i;
    }
    Conformed in = classified(ddl.toString(), List.of(RowFactory.create(values)));

    Row r = new Cast(casts).apply(in).rows().first();

    assertThat(r.<String>getAs(Classified.REASON)).isEqualTo("cast_error");
    assertThat(r.<String>getAs(Classified.MESSAGE)).isEqualTo("column n11: cannot cast 'bad11' to int");
  }
}
