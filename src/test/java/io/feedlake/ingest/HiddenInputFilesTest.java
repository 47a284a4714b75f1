package io.feedlake.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedlake.source.InputFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HiddenInputFilesTest {
  @TempDir Path dir;

  private InputFile input(String name) throws IOException {
    Path p = Files.writeString(dir.resolve(name), "{}\n");
    return new InputFile(new org.apache.hadoop.fs.Path(p.toUri()).toString(), 3);
  }

  private String path(String name) {
    return new org.apache.hadoop.fs.Path(dir.resolve(name).toUri()).toString();
  }

  @Test
  void hiddenFilesEndingLikeTheInputAreCountedAndNamedMarkersAreNot() throws IOException {
    List<InputFile> files = List.of(input("orders-p0.json"), input("orders-p1.json.gz"));
    Files.writeString(dir.resolve(".orders-p2.json"), "{}\n");
    Files.writeString(dir.resolve("_tmp-orders-p3.json.gz"), "x");
    Files.writeString(dir.resolve("_SUCCESS"), "");
    Files.writeString(dir.resolve(".orders-p0.json.crc"), "");
    Files.createDirectories(dir.resolve("_temporary.json"));

    HiddenInputFiles hidden = HiddenInputFiles.beside(new Configuration(), files);

    assertThat(hidden.names()).containsExactly(path(".orders-p2.json"), path("_tmp-orders-p3.json.gz"));
    List<String> notes = new ArrayList<>();
    Map<String, Long> metrics = new TreeMap<>();
    hidden.addTo(notes, metrics);
    assertThat(metrics).containsExactly(Map.entry("hidden_files", 2L));
    assertThat(notes).containsExactly("2 hidden file(s) (names starting with . or _, skipped as Hadoop and Spark do)"
        + " were not read: " + path(".orders-p2.json") + ", " + path("_tmp-orders-p3.json.gz"));
  }

  @Test
  void noHiddenFilesAddsNothing() throws IOException {
    HiddenInputFiles hidden = HiddenInputFiles.beside(new Configuration(), List.of(input("orders-p0.json")));
    List<String> notes = new ArrayList<>();
    Map<String, Long> metrics = new TreeMap<>();
    hidden.addTo(notes, metrics);

    assertThat(hidden.names()).isEmpty();
    assertThat(notes).isEmpty();
    assertThat(metrics).isEmpty();
  }
}
