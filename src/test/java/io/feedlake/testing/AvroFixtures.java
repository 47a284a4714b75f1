package io.feedlake.testing;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;

/**
 * Writes the Kafka Connect S3 sink Avro fixtures: Avro container files (one per codec: null,
 * deflate, snappy, bzip2) in the default partitioner's layout, below a dated prefix. Run on purpose
 * to regenerate them, from the repository root, with the test classpath:
 *
 * <pre>
 * mvn -q dependency:build-classpath -Dmdep.outputFile=target/test.cp
 * java -cp target/test-classes:$(cat target/test.cp) io.feedlake.testing.AvroFixtures src/test/resources/fixtures
 * </pre>
 *
 * <p>Files are byte-identical on every run: the sync marker, normally random, is fixed. Each record
 * is listed below with the outcome feedlake must give it when ingesting 2024-03-01.
 */
public final class AvroFixtures {
  private static final byte[] SYNC = "feedlake-fixture".getBytes(StandardCharsets.US_ASCII);

  private AvroFixtures() {}

  /** A record of {@code schemas/ad_clicks.avsc}. */
  static GenericRecord click(Schema schema, String id, String time, String user, String campaign, Long cost) {
    GenericRecord r = new GenericData.Record(schema);
    r.put("event_id", id);
    r.put("event_time", time);
    r.put("user_id", user);
    if (campaign != null) {
      GenericRecord c = new GenericData.Record(schema.getField("campaign").schema().getTypes().get(1));
      c.put("id", campaign);
      c.put("channel", "search");
      r.put("campaign", c);
    }
    r.put("cost_micros", cost);
    return r;
  }

  /** Writes records to an Avro container file with the given codec and the fixed sync marker. */
  public static <T> void write(Path file, Schema schema, CodecFactory codec, List<T> records) throws IOException {
    Files.createDirectories(file.getParent());
    try (OutputStream out = new FileOutputStream(file.toFile());
        DataFileWriter<T> writer = new DataFileWriter<>(new GenericDatumWriter<T>(schema))) {
      writer.setCodec(codec);
      writer.create(schema, out, SYNC);
      for (T r : records) {
        writer.append(r);
      }
    }
  }

  /**
   * @param args the fixtures directory ({@code src/test/resources/fixtures})
   */
  public static void main(String[] args) throws IOException {
    Path fixtures = Paths.get(args[0]);
    Schema schema = new Schema.Parser().parse(fixtures.resolve("schemas/ad_clicks.avsc").toFile());
    Path dir = fixtures.resolve("kafka-connect-s3/avro/2024-03-01/topics/ad_clicks");
    deleteRecursively(fixtures.resolve("kafka-connect-s3/avro").toFile());

    write(dir.resolve("partition=0/ad_clicks+0+0000000000.avro"), schema, CodecFactory.nullCodec(), List.of(
        click(schema, "c-a1", "2024-03-01T01:00:00Z", "u1", "cmp-1", 100L), // offset 0 written
        click(schema, "c-a2", "2024-03-01T02:00:00Z", "u2", "cmp-1", 200L), // 1 written
        click(schema, "c-a3", null, "u3", null, null))); // 2 quarantined missing_event_time
    write(dir.resolve("partition=0/ad_clicks+0+0000000003.avro"), schema, CodecFactory.deflateCodec(6), List.of(
        click(schema, "c-a4", "2024-03-01T03:00:00Z", "u4", "cmp-2", 400L), // 3 written
        click(schema, "c-a1", "2024-03-01T01:00:00Z", "u1", "cmp-1", 100L), // 4 duplicate of offset 0
        click(schema, "c-a5", "2024-03-01T05:00:00Z", "u5", null, 500L))); // 5 written
    write(dir.resolve("partition=1/ad_clicks+1+0000000000.avro"), schema, CodecFactory.snappyCodec(), List.of(
        click(schema, "c-b1", "2024-03-01T06:00:00Z", "u6", "cmp-3", 600L), // 0 written
        click(schema, "c-b2", "2024-02-29T23:00:00Z", "u7", "cmp-3", 700L), // 1 quarantined late_event
        click(schema, "c-b3", "2024-03-01T08:00:00Z", "u8", "cmp-3", 800L))); // 2 written
    write(dir.resolve("partition=1/ad_clicks+1+0000000003.avro"), schema, CodecFactory.bzip2Codec(), List.of(
        click(schema, "c-b4", "2024-03-01T09:00:00Z", "u9", null, 900L), // 3 written
        click(schema, "c-b5", "2024-03-01T10:00:00Z", "u10", "cmp-4", 1000L), // 4 written
        click(schema, "c-b6", "2024-03-02T01:00:00Z", "u11", "cmp-4", 1100L))); // 5 quarantined early_event
    // store.kafka.keys=true sibling (keys are strings here): not read, logged.
    Schema keySchema = Schema.create(Schema.Type.STRING);
    write(dir.resolve("partition=0/ad_clicks+0+0000000000.keys.avro"), keySchema, CodecFactory.nullCodec(),
        new ArrayList<Object>(Arrays.asList("u1", "u2", "u3")));
  }

  private static void deleteRecursively(File f) throws IOException {
    File[] children = f.listFiles();
    if (children != null) {
      for (File c : children) {
        deleteRecursively(c);
      }
    }
    Files.deleteIfExists(f.toPath());
  }
}
