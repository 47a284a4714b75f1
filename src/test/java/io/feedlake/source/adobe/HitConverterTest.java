package io.feedlake.source.adobe;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedlake.source.adobe.EscapedTsvReader.Record;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import scala.collection.JavaConverters;

/** One record to one row: types by column name, reasons, partition day, lookups. */
class HitConverterTest {
  private static final List<String> COLUMNS =
      List.of("post_pagename", "hitid_high", "hitid_low", "date_time", "hit_time_gmt", "browser",
          "exclude_hit", "country", "post_event_list", "visit_num");
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final int FIRST = HitConverter.INTERNAL.size();

  private static HitConverter converter(List<String> columns) {
    List<HitType> types = columns.stream().map(c -> HitType.of(c, List.of("post_event_list"))).toList();
    List<HitConverter.Lookup> lookups =
        columns.contains("country")
            ? List.of(new HitConverter.Lookup("country_name", columns.indexOf("country"), Map.of("222", "United States")))
            : List.of();
    return new HitConverter(columns, types, NEW_YORK, lookups, Map.of(1, "Purchase"));
  }

  private static Record record(long index, String... fields) {
    return new Record(index, index, fields, 0, String.join("\t", fields).getBytes(StandardCharsets.UTF_8));
  }

  private static Row convert(HitConverter c, String... fields) {
    return c.convert("file:/alpha/01-x.tsv.gz", record(7, fields));
  }

  private static Object column(HitConverter c, Row row, String name) {
    return row.get(c.schema().fieldIndex(name));
  }

  @Test
  void typesFollowTheColumnNames() {
    HitConverter c = converter(COLUMNS);

    Row row = convert(c, "home", "9223372036854775808", "18446744073709551615", "2024-03-02 23:30:00",
        "1709440200", "5000000101", "0", "222", "1,20117=3.06", "");

    assertThat(c.schema().simpleString()).isEqualTo(
        "struct<_source_file:string,_line_number:bigint,_raw_line:string,_invalid_utf8:boolean,"
            + "_latin1_fields:int,_read_reason:string,_read_message:string,post_pagename:string,"
            + "hitid_high:decimal(20,0),hitid_low:decimal(20,0),date_time:timestamp,hit_time_gmt:bigint,"
            + "browser:bigint,exclude_hit:smallint,country:int,"
            + "post_event_list:array<struct<id:int,value:string,name:string>>,visit_num:bigint,"
            + "hit_time_utc:timestamp,country_name:string>");
    assertThat(row.getString(0)).isEqualTo("file:/alpha/01-x.tsv.gz");
    assertThat(row.getLong(1)).isEqualTo(7);
    assertThat(row.getString(2)).as("raw kept: conform decides whether the row is set aside")
        .startsWith("home\t9223372036854775808\t");
    assertThat(row.isNullAt(5)).isTrue();
    assertThat(column(c, row, "hitid_high")).isEqualTo(new BigDecimal("9223372036854775808"));
    assertThat(column(c, row, "hitid_low")).isEqualTo(new BigDecimal("18446744073709551615"));
    assertThat(column(c, row, "date_time")).isEqualTo(Timestamp.from(Instant.parse("2024-03-03T04:30:00Z")));
    assertThat(column(c, row, "hit_time_utc")).isEqualTo(Timestamp.from(Instant.ofEpochSecond(1709440200)));
    assertThat(column(c, row, "browser")).isEqualTo(5000000101L);
    assertThat(column(c, row, "exclude_hit")).isEqualTo((short) 0);
    assertThat(column(c, row, "country")).isEqualTo(222);
    assertThat(column(c, row, "country_name")).isEqualTo("United States");
    assertThat(column(c, row, "visit_num")).as("empty numeric is null").isNull();
    @SuppressWarnings("unchecked")
    List<Row> events = JavaConverters.seqAsJavaList((scala.collection.Seq<Row>) column(c, row, "post_event_list"));
    assertThat(events).extracting(Row::toString).containsExactly("[1,null,Purchase]", "[20117,3.06,null]");
  }

  @Test
  void withoutAnyTimeColumnNothingIsDerived() {
    HitConverter c = converter(List.of("post_pagename"));

    assertThat(c.derivedColumns()).isEmpty();
    assertThat(convert(c, "home").isNullAt(5)).as("a record, not set aside").isTrue();
  }

  @Test
  void zeroHitTimeGmtHasNoUtcHitTime() {
    HitConverter c = converter(List.of("hit_time_gmt", "post_pagename"));

    Row row = convert(c, "0", "home");

    assertThat(column(c, row, "hit_time_utc")).as("0 means not set, so conform dates nothing by it").isNull();
    assertThat(row.isNullAt(5)).isTrue();
  }

  @Test
  void wrongFieldCountIsSetAsideWithTheRecordAndLine() {
    HitConverter c = converter(COLUMNS);

    Row row = convert(c, "home", "1", "2");

    assertThat(row.getString(5)).isEqualTo("wrong_field_count");
    assertThat(row.getString(6)).isEqualTo("record 7 (line 7) has 3 fields, but column_headers.tsv names 10 columns");
    assertThat(row.getString(2)).isEqualTo("home\t1\t2");
    assertThat(row.isNullAt(FIRST)).as("data columns of a row set aside are null").isTrue();
  }

  @Test
  void invalidValuesAreSetAsideNamingColumnAndValue() {
    HitConverter c = converter(COLUMNS);
    String[] ok = {"home", "1", "2", "2024-03-02 10:00:00", "1709391600", "5", "0", "222", "", "1"};

    assertThat(convert(c, with(ok, 6, "70000")).getString(6))
        .isEqualTo("column exclude_hit of record 7 (line 7): '70000' is out of SMALLINT range (-32768..32767)");
    assertThat(convert(c, with(ok, 1, "18446744073709551616")).getString(6))
        .isEqualTo("column hitid_high of record 7 (line 7): '18446744073709551616' exceeds 2^64-1, the largest unsigned 64-bit id");
    assertThat(convert(c, with(ok, 3, "2024-03-02T10:00:00")).getString(6))
        .isEqualTo("column date_time of record 7 (line 7): '2024-03-02T10:00:00' is not a date_time (expected YYYY-MM-DD HH:MM:SS)");
    assertThat(convert(c, with(ok, 5, "Chrome")).getString(6))
        .isEqualTo("column browser of record 7 (line 7): 'Chrome' is not a whole number (BIGINT)");
    assertThat(convert(c, with(ok, 8, "purchase")).getString(6))
        .isEqualTo("column post_event_list of record 7 (line 7): 'purchase' is not an event list: item 'purchase'"
            + " does not start with a numeric event id");
    assertThat(convert(c, with(ok, 8, "purchase")).getString(5)).isEqualTo("invalid_value");
  }

  @Test
  void blankLineIsSetAsideAsBlank() {
    Row row = converter(COLUMNS)
        .convert("f", new Record(3, 4, new String[0], 0, new byte[0]));

    assertThat(row.getString(5)).isEqualTo("blank");
    assertThat(row.getString(6)).isEqualTo("empty line 4");
  }

  @Test
  void lookupIdsAreMatchedWithoutLeadingZeros() {
    assertThat(HitConverter.normalizeId("001")).isEqualTo("1");
    assertThat(HitConverter.normalizeId("0")).isEqualTo("0");
    assertThat(HitConverter.normalizeId("000")).isEqualTo("0");
    assertThat(HitConverter.normalizeId("a01")).isEqualTo("a01");
  }

  private static String[] with(String[] fields, int i, String value) {
    String[] copy = fields.clone();
    copy[i] = value;
    return copy;
  }
}
