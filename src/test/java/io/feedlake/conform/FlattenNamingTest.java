package io.feedlake.conform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.feedlake.ExitCode;
import io.feedlake.FeedlakeException;
import java.util.Map;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Column naming of {@link Flatten}: snake_case conversion and flattened names of a schema. */
class FlattenNamingTest {

  private static StructField field(String name, org.apache.spark.sql.types.DataType type) {
    return DataTypes.createStructField(name, type, true);
  }

  private static StructType struct(StructField... fields) {
    return DataTypes.createStructType(fields);
  }

  @Test
  void camelCaseIsSplit() {
    assertThat(Flatten.snakeCase("osVersion")).isEqualTo("os_version");
    assertThat(Flatten.snakeCase("durationMs")).isEqualTo("duration_ms");
  }

  @Test
  void leadingAcronymIsOneWord() {
    assertThat(Flatten.snakeCase("HTTPStatus")).isEqualTo("http_status");
  }

  @Test
  void trailingAcronymIsOneWord() {
    assertThat(Flatten.snakeCase("userID")).isEqualTo("user_id");
  }

  @Test
  void pascalCaseIsSplit() {
    assertThat(Flatten.snakeCase("EventType")).isEqualTo("event_type");
  }

  @Test
  void digitBeforeUpperCaseStartsNewWord() {
    assertThat(Flatten.snakeCase("sha256Hash")).isEqualTo("sha256_hash");
  }

  @Test
  void snakeCaseIsUnchanged() {
    assertThat(Flatten.snakeCase("already_snake")).isEqualTo("already_snake");
  }

  @Test
  void underscoreBeforeUpperCaseIsNotDoubled() {
    assertThat(Flatten.snakeCase("os_Version")).isEqualTo("os_version");
  }

  @Test
  void otherCharactersBecomeUnderscore() {
    assertThat(Flatten.snakeCase("os-version")).isEqualTo("os_version");
    assertThat(Flatten.snakeCase("a.b")).isEqualTo("a_b");
    assertThat(Flatten.snakeCase("os version")).isEqualTo("os_version");
  }

  @Test
  void runOfOtherCharactersBecomesOneUnderscore() {
    assertThat(Flatten.snakeCase("a - b")).isEqualTo("a_b");
  }

  @Test
  void nestedStructsFlattenToSnakeCasePaths() {
    StructType schema =
        struct(
            field("event_id", DataTypes.StringType),
            field(
                "user",
                struct(
                    field("id", DataTypes.StringType),
                    field(
                        "device",
                        struct(field("os", DataTypes.StringType), field("osVersion", DataTypes.StringType))))),
            field("durationMs", DataTypes.LongType));

    Map<String, String> names = Flatten.flattenedNames(schema);

    assertThat(names)
        .containsExactly(
            Map.entry("event_id", "event_id"),
            Map.entry("user_id", "user.id"),
            Map.entry("user_device_os", "user.device.os"),
            Map.entry("user_device_os_version", "user.device.osVersion"),
            Map.entry("duration_ms", "durationMs"));
  }

  @Test
  void arraysAndMapsAreNotFlattened() {
    StructType item = struct(field("skuId", DataTypes.StringType));
    StructType schema =
        struct(
            field("items", DataTypes.createArrayType(item)),
            field("attrs", DataTypes.createMapType(DataTypes.StringType, item)),
            field("meta", struct(field("tagList", DataTypes.createArrayType(DataTypes.StringType)))));

    Map<String, String> names = Flatten.flattenedNames(schema);

    assertThat(names)
        .containsExactly(
            Map.entry("items", "items"), Map.entry("attrs", "attrs"), Map.entry("meta_tag_list", "meta.tagList"));
  }

  @Test
  void collidingPathsFailWithDataContractNamingBoth() {
    StructType schema =
        struct(
            field("user_device", struct(field("os", DataTypes.StringType))),
            field("user", struct(field("device_os", DataTypes.StringType))));

    FeedlakeException e = catchThrowableOfType(() -> Flatten.flattenedNames(schema), FeedlakeException.class);

    assertThat(e).isNotNull();
    assertThat(e.exitCode()).isEqualTo(ExitCode.DATA_CONTRACT);
    assertThat(e.getMessage())
        .isEqualTo(
            "Cannot flatten the payload: fields 'user_device.os' and 'user.device_os' both become column "
                + "'user_device_os'; rename or drop one of them with source.rename or source.drop");
  }

  @Test
  void caseOnlyDifferenceCollides() {
    StructType schema = struct(field("userId", DataTypes.StringType), field("user_id", DataTypes.StringType));

    FeedlakeException e = catchThrowableOfType(() -> Flatten.flattenedNames(schema), FeedlakeException.class);

    assertThat(e).isNotNull();
    assertThat(e.exitCode()).isEqualTo(ExitCode.DATA_CONTRACT);
    assertThat(e.getMessage()).contains("'userId'", "'user_id'", "column 'user_id'");
  }
}
