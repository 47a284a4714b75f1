package io.feedlake.conform;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedlake.testing.LocalSpark;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalSpark.PerClass.class)
class PayloadParserTest {
  private static SparkSession spark; // started and stopped by LocalSpark.PerClass

  private static List<String> messages(String ddl, String... payloads) {
    List<Row> rows = java.util.Arrays.stream(payloads).map(p -> RowFactory.create((Object) p)).toList();
    var df = spark.createDataFrame(rows, new StructType().add("payload", "string"));
    return PayloadParser.json().parse(df, StructType.fromDDL(ddl))
        .select(PayloadParser.INVALID, PayloadParser.MESSAGE).collectAsList().stream()
        .map(r -> r.getBoolean(0) + " " + r.getString(1)).toList();
  }

  @Test
  void aNumberOverflowingItsDeclaredTypeIsInvalidAndTheMessageNamesTheFieldAndTheValue() {
    List<String> m = messages("meta STRUCT<offset: INT, partition: SMALLINT>, id BIGINT",
        "{\"meta\":{\"offset\":4800000000,\"partition\":1},\"id\":1}",
        "{\"meta\":{\"offset\":2147483647,\"partition\":40000},\"id\":1}",
        "{\"meta\":{\"offset\":-2147483648,\"partition\":-32768},\"id\":9223372036854775808}",
        "{\"meta\":{\"offset\":-2147483648,\"partition\":-32768},\"id\":-9223372036854775808}");

    assertThat(m).containsExactly(
        "true field 'meta.offset': value 4800000000 does not fit the declared type int (range -2147483648..2147483647)",
        "true field 'meta.partition': value 40000 does not fit the declared type smallint (range -32768..32767)",
        "true field 'id': value 9223372036854775808 does not fit the declared type bigint"
            + " (range -9223372036854775808..9223372036854775807)",
        "false null");
  }

  @Test
  void aDecimalWithMoreIntegerDigitsThanDeclaredNamesTheField() {
    List<String> m = messages("amount DECIMAL(4,2)", "{\"amount\":123.4}", "{\"amount\":12.345}");

    assertThat(m).containsExactly(
        "true field 'amount': value 123.4 does not fit the declared type decimal(4,2)"
            + " (at most 2 digits before the decimal point)",
        "false null");
  }

  @Test
  void aWrongJsonTypeIsStillNamed() {
    assertThat(messages("clicks INT", "{\"clicks\":\"seven\"}"))
        .containsExactly("true field 'clicks': expected int, got string \"seven\"");
  }
}
