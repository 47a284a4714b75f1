package io.feedlake.source;

import io.feedlake.ingest.Classification;
import static org.assertj.core.api.Assertions.assertThat;

import io.feedlake.testing.LocalSpark;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GH Archive drift case of issue 13: GitHub's public events, as GH Archive records them,
 * dumped from Kafka (kcat {@code -J}) one day before and one day after GitHub stopped sending
 * {@code size}, {@code distinct_size} and {@code commits} in PushEvent payloads (October 2025),
 * ingested with a schema that declares the PushEvent fields from before the change.
 *
 * <p>Field names (not values) from GitHub's event documentation: an event has {@code id, type,
 * actor {id, login, ...}, repo {id, name, url}, payload, public, created_at}; a PushEvent payload
 * before the change has {@code push_id, size, distinct_size, ref, head, before, commits[] {sha,
 * author {name, email}, message, distinct, url}}, after it {@code repository_id, push_id, ref,
 * head, before}. The records below are written for this test.
 */
@ExtendWith(LocalSpark.PerClass.class)
class GhArchiveDriftTest {
  private static final LocalDate BEFORE = LocalDate.of(2025, 9, 30);
  private static final LocalDate AFTER = LocalDate.of(2025, 10, 15);
  private static final String PRE_DRIFT_SCHEMA = "id STRING, type STRING,"
      + " actor STRUCT<id: BIGINT, login: STRING>, repo STRUCT<id: BIGINT, name: STRING>,"
      + " payload STRUCT<push_id: BIGINT, size: INT, distinct_size: INT, ref: STRING, head: STRING,"
      + " before: STRING, commits: ARRAY<STRUCT<sha: STRING, message: STRING, distinct: BOOLEAN>>>,"
      + " public BOOLEAN, created_at STRING";
  private static SparkSession spark; // started and stopped by LocalSpark.PerClass

  @TempDir static Path home;

  private static String actorAndRepo(int n) {
    return "\"actor\":{\"id\":" + (9000 + n) + ",\"login\":\"dev" + n + "\",\"display_login\":\"dev" + n + "\"},"
        + "\"repo\":{\"id\":" + (700 + n) + ",\"name\":\"dev" + n + "/tool\",\"url\":\"https://api.github.com/repos/dev"
        + n + "/tool\"},";
  }

  private static String prePush(int n, String day) {
    return "{\"id\":\"" + (41000 + n) + "\",\"type\":\"PushEvent\"," + actorAndRepo(n)
        + "\"payload\":{\"push_id\":" + (5100 + n) + ",\"size\":1,\"distinct_size\":1,\"ref\":\"refs/heads/main\","
        + "\"head\":\"a1b2c" + n + "\",\"before\":\"f0e9d" + n + "\",\"commits\":[{\"sha\":\"a1b2c" + n + "\","
        + "\"author\":{\"name\":\"Dev " + n + "\",\"email\":\"dev" + n + "@example.org\"},\"message\":\"Fix build\","
        + "\"distinct\":true,\"url\":\"https://api.github.com/repos/dev" + n + "/tool/commits/a1b2c" + n + "\"}]},"
        + "\"public\":true,\"created_at\":\"" + day + "T0" + n + ":00:00Z\"}";
  }

  private static String postPush(int n, String day) {
    return "{\"id\":\"" + (52000 + n) + "\",\"type\":\"PushEvent\"," + actorAndRepo(n)
        + "\"payload\":{\"repository_id\":" + (700 + n) + ",\"push_id\":" + (6100 + n) + ",\"ref\":\"refs/heads/main\","
        + "\"head\":\"b2c3d" + n + "\",\"before\":\"a1b2c" + n + "\"},"
        + "\"public\":true,\"created_at\":\"" + day + "T0" + n + ":00:00Z\"}";
  }

  @Test
  void thePostDriftDayNamesTheFieldsThatDisappearedAndTheOneTheSchemaLacks() throws IOException {
    KcatDumps dumps = new KcatDumps(home, PRE_DRIFT_SCHEMA, "created_at", "id");
    dumps.write(BEFORE, List.of(prePush(1, "2025-09-30"), prePush(2, "2025-09-30"), prePush(3, "2025-09-30")));
    dumps.write(AFTER, List.of(postPush(1, "2025-10-15"), postPush(2, "2025-10-15"), postPush(3, "2025-10-15")));

    Classification before = KcatDumps.classification(dumps.job("warn"));
    KcatDumps.classify(spark, before, BEFORE);
    List<String> beforeNotes = before.verify(Map.of());
    Classification after = KcatDumps.classification(dumps.job("warn"));
    KcatDumps.classify(spark, after, AFTER);
    List<String> afterNotes = after.verify(Map.of());

    // Before: every declared field holds a value; the schema leaves out two fields of actor and repo.
    assertThat(beforeNotes).containsExactly(
        "undeclared payload fields, not read (schema.on-unknown = warn): 2 paths in 3 of 3 payloads:"
            + " actor.display_login (3), repo.url (3)");
    assertThat(afterNotes).containsExactly(
        "undeclared payload fields, not read (schema.on-unknown = warn): 3 paths in 3 of 3 payloads:"
            + " actor.display_login (3), payload.repository_id (3), repo.url (3)",
        "declared fields absent from every record (null or missing in all 3 payloads): payload.size,"
            + " payload.distinct_size, payload.commits");
    assertThat(after.metrics())
        .containsEntry("undeclared.payload.repository_id", 3L)
        .containsEntry("absent_fields.count", 3L);
    assertThat(before.metrics()).doesNotContainKey("absent_fields.count");
  }
}
