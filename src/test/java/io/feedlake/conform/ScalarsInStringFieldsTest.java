package io.feedlake.conform;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import io.feedlake.conform.Conformed;
import io.feedlake.testing.LocalSpark;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalSpark.PerClass.class)
class ScalarsInStringFieldsTest {
  private static final StructType SCHEMA = StructType.fromDDL("id STRING, amount STRING, n INT, tags STRING");
  private static SparkSession spark; // started and stopped by LocalSpark.PerClass

  private static Dataset<Row> payloads(String... payloads) {
    List<Row> rows = Arrays.stream(payloads).map(p -> RowFactory.create((Object) p)).toList();
    return spark.createDataFrame(rows, new StructType().add("payload", "string"));
  }

  @Test
  void numbersBooleansAndObjectsInStringFieldsAreCountedPerField() {
    Dataset<Row> counted = ScalarsInStringFields.count(payloads(
        "{\"id\":\"a\",\"amount\":12.5,\"n\":1,\"tags\":[\"x\"]}",
        "{\"id\":7,\"amount\":true,\"n\":2,\"tags\":{\"k\":1}}",
        "{\"id\":\"c\",\"amount\":\"3.00\",\"n\":3,\"tags\":null}",
        "{\"id\" : 9 ,\"nested\":{\"amount\":1}}",
        "{\"id\":\"d\",\"amount\":\"x\",\"note\":\"\\\"amount\\\": 5\"}",
        "not json",
        null), SCHEMA);

    Row sums = counted.agg(
        sum(col(Conformed.metricColumn("string_from_scalar", "id"))),
        sum(col(Conformed.metricColumn("string_from_scalar", "amount"))),
        sum(col(Conformed.metricColumn("string_from_json", "tags"))),
        sum(col(Conformed.metricColumn("string_from_scalar", "tags")))).first();

    assertThat(sums.getLong(0)).as("id: 7 and 9").isEqualTo(2);
    assertThat(sums.getLong(1)).as("amount: 12.5 and true (not the nested amount, not the text in a string)").isEqualTo(2);
    assertThat(sums.getLong(2)).as("tags: an array and an object").isEqualTo(2);
    assertThat(sums.getLong(3)).isZero();
    assertThat(counted.columns()).as("no counters for the INT field")
        .doesNotContain(Conformed.metricColumn("string_from_scalar", "n"));
  }

  @Test
  void whatIsCountedIsWhatFromJsonWritesAsText() {
    Row parsed = PayloadParser.json().parse(payloads("{\"id\":7,\"amount\":true,\"n\":2,\"tags\":{\"k\":1}}"), SCHEMA)
        .select(col(PayloadParser.PARSED + ".id"), col(PayloadParser.PARSED + ".amount"), col(PayloadParser.PARSED + ".tags"))
        .first();

    assertThat(List.of(parsed.getString(0), parsed.getString(1), parsed.getString(2)))
        .containsExactly("7", "true", "{\"k\":1}");
  }

  @Test
  void payloadsThatAreAlreadyTypedOrSchemasWithoutStringFieldsAreLeftAlone() {
    Dataset<Row> ints = payloads("{\"n\":1}");
    assertThat(ScalarsInStringFields.count(ints, StructType.fromDDL("n INT"))).isSameAs(ints);
    Dataset<Row> typed = spark.sql("SELECT named_struct('id', 'a') AS payload");
    assertThat(ScalarsInStringFields.count(typed, StructType.fromDDL("id STRING"))).isSameAs(typed);
  }

  @Test
  void kindsReadsTheTopLevelOnly() {
    assertThat(ScalarsInStringFields.kinds("{\"a\":{\"b\":1},\"b\":\"x\",\"c\":false}", List.of("a", "b", "c")))
        .isEqualTo("j-s");
    assertThat(ScalarsInStringFields.kinds("[1,2]", List.of("a"))).isEqualTo("-");
    assertThat(ScalarsInStringFields.kinds("{\"a\":1,", List.of("a"))).as("cut short after a counted field").isEqualTo("s");
  }
}
