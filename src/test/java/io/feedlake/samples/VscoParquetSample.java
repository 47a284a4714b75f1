package io.feedlake.samples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Writes {@code data-samples/vsco-parquet/}: VSCO-shaped app events as a Kafka consumer writes
 * them to Parquet (one directory per UTC day, the Kafka topic, partition and offset in every row),
 * and {@code EXPECTED.json} with the counts a correct ingest gives, worked out here from what was
 * generated (not by feedlake). Uses plain Spark only. Run once, on purpose, from the repository
 * root:
 *
 * <pre>mvn -o -q test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.feedlake.samples.VscoParquetSample</pre>
 *
 * <p>What is in it, per date: events with unique ids; re-deliveries of earlier events (same
 * event_id at a later offset: duplicates); on 2024-03-02 one event of 2024-03-01 (late) and one
 * without an event time. 2024-03-02 also has a file whose {@code properties.durationMs} is INT
 * (it up-casts to the declared BIGINT: read normally) and one where it is STRING (the whole file
 * is quarantined as file_schema_mismatch).
 */
public final class VscoParquetSample {
  private static final String TOPIC = "vsco_behavior";
  private static final String[] TYPES = {"photo_edit", "photo_publish", "follow", "like", "app_open"};
  private static final String[] COUNTRIES = {"US", "GB", "DE", "BR", "JP"};
  private static final String[] FILTERS = {"A6", "C1", "M5", "HB2", null};

  private VscoParquetSample() {}

  private static StructType schema(DataType duration) {
    return new StructType()
        .add("event_id", DataTypes.StringType)
        .add("event_type", DataTypes.StringType)
        .add("event_time", DataTypes.TimestampType)
        .add("user", new StructType()
            .add("id", DataTypes.StringType)
            .add("country", DataTypes.StringType)
            .add("device", new StructType().add("os", DataTypes.StringType).add("model", DataTypes.StringType)))
        .add("properties", new StructType()
            .add("filter", DataTypes.StringType)
            .add("durationMs", duration))
        .add("topic", DataTypes.StringType)
        .add("partition", DataTypes.IntegerType)
        .add("offset", DataTypes.LongType);
  }

  /** One generated event; {@code time} null for an event without event time. */
  private record Event(String id, String type, Instant time, String user, String country, String os,
      String model, String filter, long durationMs, int partition, long offset) {
    Row row(DataType duration) {
      Object d = duration.equals(DataTypes.LongType) ? (Object) durationMs
          : duration.equals(DataTypes.IntegerType) ? (Object) (int) durationMs : Long.toString(durationMs);
      return RowFactory.create(id, type, time == null ? null : Timestamp.from(time),
          RowFactory.create(user, country, RowFactory.create(os, model)),
          RowFactory.create(filter, d), TOPIC, partition, offset);
    }
  }

  /**
   * @param args optional: the repository root (default the working directory)
   */
  public static void main(String[] args) throws IOException {
    Path root = Paths.get(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
    Path out = root.resolve("data-samples/vsco-parquet");
    SparkSession spark = SparkSession.builder().master("local[1]").appName("vsco-parquet-sample")
        .config("spark.ui.enabled", "false").config("spark.sql.session.timeZone", "UTC").getOrCreate();
    Random random = new Random(20240301L);
    long[] offsets = {0L, 0L};
    Map<String, Object> dates = new TreeMap<>();
    List<Event> earlier = new ArrayList<>();
    for (LocalDate date : List.of(LocalDate.parse("2024-03-01"), LocalDate.parse("2024-03-02"))) {
      Instant midnight = date.atStartOfDay(ZoneOffset.UTC).toInstant();
      List<Event> main = new ArrayList<>();
      int unique = date.getDayOfMonth() == 1 ? 150 : 140;
      for (int i = 0; i < unique; i++) {
        main.add(event(random, date + "-" + i, midnight.plusSeconds(random.nextInt(86_400)), offsets));
      }
      // Re-deliveries: the same event (same id and time) at a later offset.
      int duplicates = 6;
      for (int i = 0; i < duplicates; i++) {
        Event e = main.get(random.nextInt(40));
        int p = e.partition();
        main.add(new Event(e.id(), e.type(), e.time(), e.user(), e.country(), e.os(), e.model(), e.filter(),
            e.durationMs(), p, offsets[p]++));
      }
      Map<String, Long> quarantined = new TreeMap<>();
      int upcast = 0;
      int mismatched = 0;
      if (date.getDayOfMonth() == 2) {
        Event late = event(random, "late-" + date, midnight.minusSeconds(3_600), offsets);
        main.add(late);
        main.add(event(random, "no-time-" + date, null, offsets));
        quarantined.put("late_event", 1L);
        quarantined.put("missing_event_time", 1L);
        List<Event> ints = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          ints.add(event(random, date + "-int-" + i, midnight.plusSeconds(random.nextInt(86_400)), offsets));
        }
        write(spark, ints, DataTypes.IntegerType, out, date, "part-00001.parquet");
        upcast = ints.size();
        List<Event> strings = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
          strings.add(event(random, date + "-str-" + i, midnight.plusSeconds(random.nextInt(86_400)), offsets));
        }
        write(spark, strings, DataTypes.StringType, out, date, "part-00002.parquet");
        mismatched = strings.size();
        quarantined.put("file_schema_mismatch", (long) mismatched);
      }
      write(spark, main, DataTypes.LongType, out, date, "part-00000.parquet");
      earlier.addAll(main);
      long lines = main.size() + upcast + mismatched;
      long quarantinedTotal = quarantined.values().stream().mapToLong(Long::longValue).sum();
      Map<String, Object> counts = new LinkedHashMap<>();
      counts.put("duplicates", duplicates);
      counts.put("files", date.getDayOfMonth() == 2 ? 3 : 1);
      counts.put("filtered", 0);
      counts.put("invalid_utf8_lines", 0);
      counts.put("lines", lines);
      counts.put("quarantined", quarantinedTotal);
      counts.put("quarantined_by_reason", quarantined);
      counts.put("records_read", lines);
      counts.put("skipped", 0);
      counts.put("written", lines - duplicates - quarantinedTotal);
      dates.put(date.toString(), counts);
    }
    spark.stop();
    Map<String, Object> job = Map.of("dates", dates);
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
        .writeValue(out.resolve("EXPECTED.json").toFile(), Map.of("jobs", Map.of("vsco_alpha_parquet", job)));
  }

  private static Event event(Random r, String id, Instant time, long[] offsets) {
    int p = r.nextInt(2);
    return new Event("evt-" + id, TYPES[r.nextInt(TYPES.length)], time, "u" + (1000 + r.nextInt(200)),
        COUNTRIES[r.nextInt(COUNTRIES.length)], r.nextBoolean() ? "iOS" : "Android",
        r.nextBoolean() ? "iPhone15,2" : "Pixel 8", FILTERS[r.nextInt(FILTERS.length)], 200L + r.nextInt(90_000),
        p, offsets[p]++);
  }

  /** Writes one Parquet file (snappy) named {@code name} in the date's directory. */
  private static void write(SparkSession spark, List<Event> events, DataType duration, Path out, LocalDate date,
      String name) throws IOException {
    List<Row> rows = events.stream().map(e -> e.row(duration)).toList();
    Path tmp = Files.createTempDirectory("vsco-parquet");
    String dir = tmp.resolve("out").toString();
    spark.createDataFrame(rows, schema(duration)).coalesce(1).write().mode(SaveMode.Overwrite).parquet(dir);
    Path target = out.resolve(TOPIC).resolve("dt=" + date);
    Files.createDirectories(target);
    try (Stream<Path> s = Files.list(Paths.get(dir))) {
      Path part = s.filter(p -> p.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
      Files.move(part, target.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
    try (Stream<Path> s = Files.walk(tmp)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
