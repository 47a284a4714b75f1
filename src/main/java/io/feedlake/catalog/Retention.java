package io.feedlake.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.feedlake.ExitCode;
import io.feedlake.FeedlakeException;
import io.feedlake.config.Settings.RetentionSettings;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * The retention window of a table's catalog exposure: which dates the catalog shows (storage
 * keeps everything). The window counts back from the newest date on storage, not from today, so
 * a stalled feed keeps its last N days visible. The exposure start the last {@code retention}
 * command applied is kept in {@code <lake>/_feedlake/exposure/<database.table>.json}, so that
 * {@code sync} does not add back what retention removed, nor remove what {@code --expose-from}
 * added.
 */
public final class Retention {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Retention() {}

  /**
   * The first date the window exposes.
   *
   * @param newest the newest date on storage
   * @return {@code newest - (days - 1)} for a days window, the first day of {@code newest}'s month
   *     minus {@code months - 1} months for a months window; empty when no window is configured
   */
  public static Optional<LocalDate> windowStart(RetentionSettings settings, LocalDate newest) {
    if (settings.days() > 0) {
      return Optional.of(newest.minusDays(settings.days() - 1L));
    }
    if (settings.months() > 0) {
      return Optional.of(newest.withDayOfMonth(1).minusMonths(settings.months() - 1L));
    }
    return Optional.empty();
  }

  /** The window as text for messages, e.g. {@code last 30 days}. */
  public static String describe(RetentionSettings settings) {
    return settings.days() > 0 ? "last " + settings.days() + " day(s)"
        : settings.months() > 0 ? "last " + settings.months() + " month(s)" : "no window";
  }

  /** The exposure start last applied to a table, if retention ever ran on it. */
  public static Optional<String> exposedFrom(Configuration conf, String lakeRoot, String table) {
    Path file = stateFile(lakeRoot, table);
    try (InputStream in = file.getFileSystem(conf).open(file)) {
      JsonNode state = JSON.readTree(in);
      return Optional.ofNullable(state.path("expose_from").asText(null));
    } catch (FileNotFoundException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new FeedlakeException(ExitCode.TRANSIENT, "Cannot read the exposure state " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Records the exposure start applied to a table.
   *
   * @param exposeFrom first exposed date
   * @param reason how it was chosen, e.g. {@code last 30 day(s) from 2024-03-03}
   */
  public static void saveExposedFrom(Configuration conf, String lakeRoot, String table, String exposeFrom, String reason) {
    Path file = stateFile(lakeRoot, table);
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("table", table);
    state.put("expose_from", exposeFrom);
    state.put("reason", reason);
    state.put("recorded_at", Instant.now().toString());
    try (OutputStream out = file.getFileSystem(conf).create(file, true)) {
      JSON.writerWithDefaultPrettyPrinter().writeValue(out, state);
    } catch (IOException e) {
      throw new FeedlakeException(ExitCode.TRANSIENT, "Cannot write the exposure state " + file + ": " + e.getMessage(), e);
    }
  }

  private static Path stateFile(String lakeRoot, String table) {
    return new Path(lakeRoot, "_feedlake/exposure/" + table + ".json");
  }
}
