package io.feedlake.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes a seeded {@code kcat -C -J} dump of topic {@code vsco_behavior} for one date, in the
 * shape of data-samples/kafka (see data-samples/README.md and generate_kafka.py): one compact
 * JSON envelope per line ({@code topic, partition, offset, tstype=logappend, ts, broker,
 * [headers], key, payload}) whose {@code payload} is the event JSON as a string, with {@code
 * event_id} (UUID), {@code event_type}, {@code event_time} (ISO-8601 UTC with milliseconds, on
 * the dump date, rising through the file), {@code user{id,country,locale,device{os,osVersion,
 * model}}} and {@code properties{filter,preset,durationMs,caption}} (about 12% of captions are
 * multi-byte). Output: {@code <root>/vsco_behavior/dt=<date>/vsco_behavior-p0.json} and {@code
 * -p1.json}, plain text, together about the requested number of bytes (10^6 per MB).
 *
 * <p>Anomalies, drawn per line with a fixed seed: 2% of lines re-deliver an earlier good event
 * (same key, headers and payload, hence the same {@code event_id}; new offset, new {@code ts}),
 * 0.5% carry a broken payload (an event's payload JSON cut inside its {@code event_id} value, so
 * no parser can recover an id from it). Every other line is a new, valid event. The counts of
 * what was written are returned, so callers know how many rows each engine must write.
 */
public final class KafkaDumpGenerator {
  /** The dump date, the same as the sample's middle date. */
  public static final String DATE = "2024-03-02";
  public static final String TOPIC = "vsco_behavior";
  /** Fraction of lines that re-deliver an earlier event. */
  static final double DUPLICATE_SHARE = 0.02;
  /** Fraction of lines whose payload is broken JSON. */
  static final double BROKEN_SHARE = 0.005;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long DAY_START = Instant.parse(DATE + "T00:00:00Z").toEpochMilli();
  private static final String[] TYPES = {"photo_edit", "photo_edit", "photo_edit", "photo_edit", "page_view",
      "page_view", "photo_export", "photo_export", "session_start", "follow"};
  private static final String[][] COUNTRIES = {{"US", "en-US"}, {"US", "es-US"}, {"GB", "en-GB"}, {"FR", "fr-FR"},
      {"DE", "de-DE"}, {"JP", "ja-JP"}, {"BR", "pt-BR"}, {"KR", "ko-KR"}, {"IN", "hi-IN"}};
  private static final String[] IOS_MODELS = {"iPhone15,2", "iPhone15,3", "iPhone14,5", "iPhone16,1"};
  private static final String[] ANDROID_MODELS = {"SM-S918B", "Pixel 8", "Pixel 7a", "moto g(40)"};
  private static final String[] FILTERS = {"A6", "C1", "M5", "HB1", "KK2", null, null};
  private static final String[] PRESETS = {"Warm Film", "Moody", "Golden Hour", null, null, null, null};
  private static final String[] ASCII_CAPTIONS = {"sunset vibes", "weekend in the city", "new edit", "film look",
      "morning light", "coffee break", "street photography", "", "rainy day", "blue hour"};
  private static final String[] MB_CAPTIONS = {"café au lait à Montréal", "Grüße aus München", "夕焼けがきれい",
      "오늘의 사진", "你好世界", "Golden hour 📷", "coding all night 👩‍💻", "niño en la playa 🌊"};

  private KafkaDumpGenerator() {}

  /**
   * What a dump holds.
   *
   * @param lines envelope lines written (all JSON objects with topic, partition and offset)
   * @param events distinct valid events: the rows an ingest must write
   * @param duplicates lines repeating an earlier event's payload
   * @param broken lines whose payload is not valid JSON
   * @param bytes bytes written, over both files
   * @param files the files written
   */
  public record Dump(long lines, long events, long duplicates, long broken, long bytes, List<Path> files) {}

  /**
   * Writes a dump of about {@code targetBytes} bytes under {@code root} (created if missing).
   *
   * @throws IllegalArgumentException when targetBytes is not positive
   * @throws IOException when a file cannot be written
   */
  public static Dump write(Path root, long targetBytes, long seed) throws IOException {
    if (targetBytes <= 0) {
      throw new IllegalArgumentException("dump size must be positive bytes, got " + targetBytes);
    }
    Path dir = Files.createDirectories(root.resolve(TOPIC).resolve("dt=" + DATE));
    List<Path> files = List.of(dir.resolve(TOPIC + "-p0.json"), dir.resolve(TOPIC + "-p1.json"));
    SplittableRandom rng = new SplittableRandom(seed);
    long[] offsets = {1_000_000L, 2_000_000L};
    // Recent good events (key, headers, payload) that a re-delivery can repeat.
    List<String[]> recent = new ArrayList<>();
    long lines = 0;
    long events = 0;
    long duplicates = 0;
    long broken = 0;
    long bytes = 0;
    try (BufferedWriter p0 = Files.newBufferedWriter(files.get(0), StandardCharsets.UTF_8);
        BufferedWriter p1 = Files.newBufferedWriter(files.get(1), StandardCharsets.UTF_8)) {
      while (bytes < targetBytes) {
        int partition = rng.nextInt(2);
        long eventMs = DAY_START + (long) ((double) bytes / targetBytes * 86_399_000L);
        double draw = rng.nextDouble();
        String[] event;
        if (draw < DUPLICATE_SHARE && !recent.isEmpty()) {
          event = recent.get(rng.nextInt(recent.size()));
          duplicates++;
        } else {
          event = event(rng, eventMs);
          if (draw < DUPLICATE_SHARE + BROKEN_SHARE) {
            // Cut inside the event_id value: {"event_id":" is 13 characters, the UUID 36 more.
            event = new String[] {event[0], event[1], event[2].substring(0, 14 + rng.nextInt(34))};
            broken++;
          } else {
            events++;
            if (recent.size() < 1000) {
              recent.add(event);
            } else {
              recent.set(rng.nextInt(recent.size()), event);
            }
          }
        }
        String line = envelope(partition, offsets[partition]++, eventMs + 5 + rng.nextInt(900), event);
        (partition == 0 ? p0 : p1).write(line);
        (partition == 0 ? p0 : p1).write('\n');
        bytes += line.getBytes(StandardCharsets.UTF_8).length + 1L;
        lines++;
      }
    }
    return new Dump(lines, events, duplicates, broken, bytes, files);
  }

  /** A new valid event: key (user id or null), headers JSON (or null) and the payload JSON. */
  private static String[] event(SplittableRandom rng, long ms) {
    String userId = String.format("u%05d", 10_000 + rng.nextInt(90_000));
    String[] country = COUNTRIES[rng.nextInt(COUNTRIES.length)];
    boolean ios = rng.nextInt(100) < 55;
    ObjectNode p = JSON.createObjectNode();
    p.put("event_id", uuid(rng));
    p.put("event_type", TYPES[rng.nextInt(TYPES.length)]);
    p.put("event_time", Instant.ofEpochMilli(ms).toString().replaceFirst("(\\.\\d{3})?Z$", "") + millis(ms));
    ObjectNode user = p.putObject("user");
    user.put("id", userId).put("country", country[0]).put("locale", country[1]);
    user.putObject("device").put("os", ios ? "iOS" : "Android").put("osVersion", ios ? "17.3" : "14")
        .put("model", ios ? IOS_MODELS[rng.nextInt(IOS_MODELS.length)] : ANDROID_MODELS[rng.nextInt(ANDROID_MODELS.length)]);
    ObjectNode props = p.putObject("properties");
    props.put("filter", FILTERS[rng.nextInt(FILTERS.length)]).put("preset", PRESETS[rng.nextInt(PRESETS.length)])
        .put("durationMs", 50 + rng.nextInt(180_000))
        .put("caption", rng.nextInt(100) < 12 ? MB_CAPTIONS[rng.nextInt(MB_CAPTIONS.length)]
            : ASCII_CAPTIONS[rng.nextInt(ASCII_CAPTIONS.length)]);
    String headers = null;
    if (rng.nextInt(100) < 20) {
      ArrayNode h = JSON.createArrayNode().add("trace_id").add(Long.toHexString(rng.nextLong()));
      if (rng.nextBoolean()) {
        h.add("source").add(ios ? "ios-app" : "android-app");
      }
      headers = h.toString();
    }
    return new String[] {rng.nextInt(100) < 5 ? null : userId, headers, p.toString()};
  }

  private static String millis(long ms) {
    return String.format(".%03dZ", ms % 1000);
  }

  private static String envelope(int partition, long offset, long ts, String[] event) {
    ObjectNode e = JSON.createObjectNode();
    e.put("topic", TOPIC).put("partition", partition).put("offset", offset).put("tstype", "logappend")
        .put("ts", ts).put("broker", partition == 0 ? 3 : 1);
    try {
      if (event[1] != null) {
        e.set("headers", JSON.readTree(event[1]));
      }
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    e.put("key", event[0]).put("payload", event[2]);
    return e.toString();
  }

  private static String uuid(SplittableRandom rng) {
    long hi = (rng.nextLong() & ~0xF000L) | 0x4000L;
    long lo = (rng.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new java.util.UUID(hi, lo).toString();
  }
}
