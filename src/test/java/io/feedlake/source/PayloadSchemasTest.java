package io.feedlake.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.feedlake.config.ConfigException;
import org.junit.jupiter.api.Test;

class PayloadSchemasTest {
  @Test
  void aDdlSyntaxErrorKeepsSparksReasonAndPositionAndNamesTheDdl() {
    // Spark's message starts with a line break: keeping only its first line left the reason empty.
    assertThatThrownBy(() -> PayloadSchemas.load("event_id STRING,, ts BIGINT", null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("source.schema.ddl: not a valid Spark DDL schema: [PARSE_SYNTAX_ERROR] Syntax error at or near ','")
        .hasMessageContaining("(line 1, pos 16)")
        .hasMessageContaining("in \"event_id STRING,, ts BIGINT\"")
        .hasMessageNotContaining("== SQL ==");
  }

  @Test
  void anUnknownTypeSaysWhichType() {
    assertThatThrownBy(() -> PayloadSchemas.load("event_id STRNG", null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("source.schema.ddl: not a valid Spark DDL schema: ")
        .hasMessageContaining("\"STRNG\"");
  }

  @Test
  void everySyntaxErrorHasAReason() {
    for (String ddl : new String[] {"a INT b INT", "a STRUCT<x: INT", "a DECIMAL(10", "a ARRAY<>", "a INT,"}) {
      assertThatThrownBy(() -> PayloadSchemas.load(ddl, null)).as(ddl)
          .isInstanceOf(ConfigException.class)
          .satisfies(e -> assertThat(e.getMessage()).as(ddl)
              .containsPattern("not a valid Spark DDL schema: \\S.*\\(line \\d+, pos \\d+\\)"));
    }
  }
}
