package io.feedlake.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's kcat -J dump holds what {@link KafkaDumpGenerator} says it wrote. */
class KafkaDumpGeneratorTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void countsItReportsMatchTheLinesItWrote(@TempDir Path dir) throws IOException {
    KafkaDumpGenerator.Dump dump = KafkaDumpGenerator.write(dir, 3_000_000, 7);

    long lines = 0;
    long bytes = 0;
    long broken = 0;
    long duplicates = 0;
    Set<String> ids = new HashSet<>();
    for (Path f : dump.files()) {
      assertThat(f.getParent()).isEqualTo(dir.resolve("vsco_behavior/dt=2024-03-02"));
      bytes += Files.size(f);
      for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
        lines++;
        JsonNode e = JSON.readTree(line);
        assertThat(e.get("topic").asText()).isEqualTo("vsco_behavior");
        assertThat(e.has("partition") && e.has("offset") && e.has("ts")).isTrue();
        JsonNode payload;
        try {
          payload = JSON.readTree(e.get("payload").asText());
        } catch (IOException notJson) {
          broken++;
          continue;
        }
        assertThat(payload.get("event_time").asText()).matches("2024-03-02T\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        if (!ids.add(payload.get("event_id").asText())) {
          duplicates++;
        }
      }
    }

    assertThat(dump.lines()).isEqualTo(lines);
    assertThat(dump.bytes()).isEqualTo(bytes).isBetween(3_000_000L, 3_010_000L);
    assertThat(dump.broken()).isEqualTo(broken);
    assertThat(dump.duplicates()).isEqualTo(duplicates);
    assertThat(dump.events()).isEqualTo(ids.size()).isEqualTo(lines - broken - duplicates);
    // About 2% and 0.5% of ~5,400 lines.
    assertThat((double) duplicates / lines).isBetween(0.014, 0.026);
    assertThat((double) broken / lines).isBetween(0.002, 0.009);
  }

  @Test
  void sameSeedWritesTheSameBytes(@TempDir Path dir) throws IOException {
    KafkaDumpGenerator.Dump a = KafkaDumpGenerator.write(dir.resolve("a"), 200_000, 3);
    KafkaDumpGenerator.Dump b = KafkaDumpGenerator.write(dir.resolve("b"), 200_000, 3);
    for (int i = 0; i < 2; i++) {
      assertThat(Files.readAllBytes(b.files().get(i))).isEqualTo(Files.readAllBytes(a.files().get(i)));
    }
  }

  @Test
  void refusesANonPositiveSize(@TempDir Path dir) {
    assertThatThrownBy(() -> KafkaDumpGenerator.write(dir, 0, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("dump size must be positive bytes, got 0");
  }
}
