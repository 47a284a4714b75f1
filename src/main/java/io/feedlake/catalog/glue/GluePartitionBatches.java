package io.feedlake.catalog.glue;

import io.feedlake.catalog.PartitionBatchResult;
import io.feedlake.catalog.TableShape;
import io.feedlake.config.JobSpec.TableName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.BatchGetPartitionResponse;
import software.amazon.awssdk.services.glue.model.BatchUpdatePartitionRequestEntry;
import software.amazon.awssdk.services.glue.model.ErrorDetail;
import software.amazon.awssdk.services.glue.model.Partition;
import software.amazon.awssdk.services.glue.model.PartitionValueList;

/**
 * Batch partition writes against AWS Glue, reporting per partition what was created, updated,
 * left unchanged, dropped or failed and why (the awslabs Glue Data Catalog client's batch-create
 * helper, and Hudi's Glue sync, work the same way).
 *
 * <p>Limits from the AWS Glue API reference: {@code BatchCreatePartition} takes at most {@value
 * #CREATE_LIMIT} {@code PartitionInputList} entries, {@code BatchUpdatePartition} at most {@value
 * #UPDATE_LIMIT} {@code Entries}, {@code BatchDeletePartition} at most {@value #DELETE_LIMIT}
 * {@code PartitionsToDelete}, {@code BatchGetPartition} at most {@value #GET_LIMIT} {@code
 * PartitionsToGet}.
 *
 * <p>Errors: whole-call throttling and 5xx are retried by the SDK's retry strategy. Per-entry
 * {@code Errors[]}: {@code AlreadyExistsException} on create means the partition exists, so it is
 * read back ({@code BatchGetPartition}) and updated only if its location differs; retryable entry
 * codes ({@link #RETRYABLE}) are re-sent with exponential backoff up to {@code maxAttempts}; any
 * other code fails that partition with the code and message. When a create call still fails after
 * the SDK's retries, the partitions of that call are read back before any of them is reported
 * failed: a 5xx can come after the service applied the batch.
 */
public final class GluePartitionBatches {
  /** Most partitions per BatchCreatePartition request (AWS Glue API reference). */
  public static final int CREATE_LIMIT = 100;
  /** Most entries per BatchUpdatePartition request (AWS Glue API reference). */
  public static final int UPDATE_LIMIT = 100;
  /** Most partitions per BatchDeletePartition request (AWS Glue API reference). */
  public static final int DELETE_LIMIT = 25;
  /** Most partitions per BatchGetPartition request (AWS Glue API reference). */
  public static final int GET_LIMIT = 1000;

  /** Per-entry error codes worth sending again. */
  public static final Set<String> RETRYABLE =
      Set.of("ThrottlingException", "InternalServiceException", "OperationTimeoutException",
          "ConcurrentModificationException", "ResourceNotReadyException");

  private static final Logger LOG = LoggerFactory.getLogger(GluePartitionBatches.class);

  private final GlueClient glue;
  private final String catalogId;
  private final int maxAttempts;
  private final Duration baseDelay;
  private final Duration maxBackoff;

  /**
   * @param glue the client (already configured with retries for whole calls)
   * @param catalogId owning account id, or null for the caller's
   * @param maxAttempts attempts per partition entry that failed with a retryable code
   * @param baseDelay first delay before re-sending failed entries; doubles per attempt
   * @param maxBackoff longest delay
   */
  public GluePartitionBatches(GlueClient glue, String catalogId, int maxAttempts, Duration baseDelay, Duration maxBackoff) {
    this.glue = glue;
    this.catalogId = catalogId;
    this.maxAttempts = maxAttempts;
    this.baseDelay = baseDelay;
    this.maxBackoff = maxBackoff;
  }

  /**
   * Creates missing partitions and points existing ones at the requested locations.
   *
   * @param shape the table, whose columns and formats go into each partition's storage descriptor
   * @param locations date to fully qualified location
   */
  public PartitionBatchResult register(TableName table, TableShape shape, SortedMap<String, String> locations) {
    List<String> created = new ArrayList<>();
    List<String> exists = new ArrayList<>();
    Map<String, String> failed = new TreeMap<>();
    inBatches("BatchCreatePartition", table, new ArrayList<>(locations.keySet()), CREATE_LIMIT,
        chunk -> errors(glue.batchCreatePartition(r -> r.catalogId(catalogId).databaseName(table.database())
            .tableName(table.table())
            .partitionInputList(chunk.stream().map(d -> GlueConverter.partitionInput(shape, d, locations.get(d))).toList()))
            .errors().stream().map(e -> Map.entry(date(e.partitionValues()), e.errorDetail())).toList()),
        (chunk, e) -> afterFailedCall(table, chunk, locations, e, created, failed),
        "AlreadyExistsException", created, exists, failed);
    List<String> unchanged = new ArrayList<>();
    SortedMap<String, String> toUpdate = new TreeMap<>();
    Map<String, String> current = locations(table, exists, failed);
    for (String d : exists) {
      if (failed.containsKey(d)) {
        continue;
      }
      if (sameLocation(current.get(d), locations.get(d))) {
        unchanged.add(d);
      } else {
        toUpdate.put(d, locations.get(d));
      }
    }
    List<String> updated = update(table, shape, toUpdate, failed);
    return new PartitionBatchResult(created, updated, unchanged, List.of(), failed);
  }

  /**
   * Re-writes existing partitions' storage descriptors (location and columns) with {@code
   * BatchUpdatePartition}, {@value #UPDATE_LIMIT} per call.
   *
   * @return the dates updated; failures go to {@code failed}
   */
  public List<String> update(TableName table, TableShape shape, SortedMap<String, String> locations, Map<String, String> failed) {
    List<String> updated = new ArrayList<>();
    inBatches("BatchUpdatePartition", table, new ArrayList<>(locations.keySet()), UPDATE_LIMIT,
        chunk -> errors(glue.batchUpdatePartition(r -> r.catalogId(catalogId).databaseName(table.database())
            .tableName(table.table())
            .entries(chunk.stream().map(d -> BatchUpdatePartitionRequestEntry.builder().partitionValueList(d)
                .partitionInput(GlueConverter.partitionInput(shape, d, locations.get(d))).build()).toList()))
            .errors().stream().map(e -> Map.entry(date(e.partitionValueList()), e.errorDetail())).toList()),
        (chunk, e) -> chunk.forEach(d -> failed.put(d, "BatchUpdatePartition failed: " + e.getMessage())),
        null, updated, new ArrayList<>(), failed);
    return updated;
  }

  /** Removes partitions, {@value #DELETE_LIMIT} per call; partitions already absent are unchanged. */
  public PartitionBatchResult delete(TableName table, List<String> dates) {
    List<String> dropped = new ArrayList<>();
    List<String> absent = new ArrayList<>();
    Map<String, String> failed = new TreeMap<>();
    inBatches("BatchDeletePartition", table, new ArrayList<>(dates), DELETE_LIMIT,
        chunk -> errors(glue.batchDeletePartition(r -> r.catalogId(catalogId).databaseName(table.database())
            .tableName(table.table())
            .partitionsToDelete(chunk.stream().map(d -> PartitionValueList.builder().values(d).build()).toList()))
            .errors().stream().map(e -> Map.entry(date(e.partitionValues()), e.errorDetail())).toList()),
        (chunk, e) -> chunk.forEach(d -> failed.put(d, "BatchDeletePartition failed: " + e.getMessage())),
        "EntityNotFoundException", dropped, absent, failed);
    return new PartitionBatchResult(List.of(), List.of(), absent, dropped, failed);
  }

  /**
   * After a create call failed for good: whatever landed with the requested location counts as
   * created, the rest failed with the call's error.
   */
  /** One Glue batch call over a chunk of dates, returning the per-date error details it reported. */
  private interface BatchCall {
    Map<String, ErrorDetail> call(List<String> chunk);
  }

  /** What a whole failed call (not a per-entry error) does to its chunk. */
  private interface CallFailure {
    void accept(List<String> chunk, SdkException e);
  }

  private static Map<String, ErrorDetail> errors(List<Map.Entry<String, ErrorDetail>> entries) {
    Map<String, ErrorDetail> out = new LinkedHashMap<>();
    entries.forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  /**
   * Runs one batch operation over {@code dates} in chunks of {@code limit} (the Glue API limit of
   * the operation), sorting every date by its per-entry outcome: no error goes to {@code done},
   * {@code benignCode} (the partition is already in the wanted state) to {@code benign}, a
   * retryable error (throttling, internal errors) is retried with backoff up to the configured
   * attempts, anything else goes to {@code failed} with the error. The SDK retries whole calls
   * itself; a call that still fails is handed to {@code onCallFailure}.
   */
  private void inBatches(String operation, TableName table, List<String> dates, int limit, BatchCall call,
      CallFailure onCallFailure, String benignCode, List<String> done, List<String> benign, Map<String, String> failed) {
    List<String> pending = dates;
    for (int attempt = 1; !pending.isEmpty(); attempt++) {
      Map<String, String> retry = new TreeMap<>();
      for (List<String> chunk : chunks(pending, limit)) {
        Map<String, ErrorDetail> errors;
        try {
          errors = call.call(chunk);
        } catch (SdkException e) {
          onCallFailure.accept(chunk, e);
          continue;
        }
        for (String d : chunk) {
          ErrorDetail e = errors.get(d);
          if (e == null) {
            done.add(d);
          } else if (e.errorCode().equals(benignCode)) {
            benign.add(d);
          } else if (RETRYABLE.contains(e.errorCode()) && attempt < maxAttempts) {
            retry.put(d, describe(e));
          } else {
            failed.put(d, describe(e));
          }
        }
      }
      pending = new ArrayList<>(retry.keySet());
      if (!pending.isEmpty()) {
        LOG.warn("Glue {} on {}: {} partition(s) failed with retryable errors, attempt {} of {}: {}",
            operation, table.qualified(), pending.size(), attempt, maxAttempts, first(retry));
        pause(attempt);
      }
    }
  }

  private void afterFailedCall(TableName table, List<String> chunk, Map<String, String> wanted, SdkException e,
      List<String> created, Map<String, String> failed) {
    Map<String, String> lookupFailures = new TreeMap<>();
    Map<String, String> landed = locations(table, chunk, lookupFailures);
    for (String d : chunk) {
      if (sameLocation(landed.get(d), wanted.get(d))) {
        created.add(d);
      } else {
        failed.put(d, "BatchCreatePartition failed: " + e.getMessage()
            + (lookupFailures.containsKey(d) ? "; and reading it back failed: " + lookupFailures.get(d) : ""));
      }
    }
  }

  /**
   * Current locations of partitions, read with {@code BatchGetPartition} ({@value #GET_LIMIT} per
   * call; {@code UnprocessedKeys} are asked again). Partitions that cannot be read go to {@code
   * failed}; absent ones are simply missing from the result.
   */
  Map<String, String> locations(TableName table, List<String> dates, Map<String, String> failed) {
    Map<String, String> out = new TreeMap<>();
    for (List<String> chunk : chunks(dates, GET_LIMIT)) {
      List<String> pending = chunk;
      for (int attempt = 1; !pending.isEmpty(); attempt++) {
        List<String> ask = pending;
        BatchGetPartitionResponse response;
        try {
          response = glue.batchGetPartition(r -> r.catalogId(catalogId).databaseName(table.database())
              .tableName(table.table())
              .partitionsToGet(ask.stream().map(d -> PartitionValueList.builder().values(d).build()).toList()));
        } catch (SdkException e) {
          ask.forEach(d -> failed.put(d, "BatchGetPartition failed: " + e.getMessage()));
          break;
        }
        for (Partition p : response.partitions()) {
          out.put(date(p.values()), p.storageDescriptor() == null ? null : p.storageDescriptor().location());
        }
        pending = response.unprocessedKeys().stream().map(k -> date(k.values())).toList();
        if (!pending.isEmpty() && attempt >= maxAttempts) {
          pending.forEach(d -> failed.put(d, "BatchGetPartition left it unprocessed " + maxAttempts + " times"));
          break;
        }
        if (!pending.isEmpty()) {
          pause(attempt);
        }
      }
    }
    return out;
  }

  static boolean sameLocation(String a, String b) {
    return a != null && b != null && strip(a).equals(strip(b));
  }

  private static String strip(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  private static String date(List<String> values) {
    return values.isEmpty() ? "" : values.get(0);
  }

  private static String describe(ErrorDetail e) {
    return e.errorCode() + ": " + e.errorMessage();
  }

  private static String first(Map<String, String> m) {
    Map.Entry<String, String> e = m.entrySet().iterator().next();
    return e.getKey() + " " + e.getValue();
  }

  private void pause(int attempt) {
    long cap = maxBackoff.toMillis();
    long exp = baseDelay.toMillis() << Math.min(attempt - 1, 20);
    long delay = Math.min(cap, exp);
    // Half jitter: spread retries of concurrent writers without dropping below half the delay.
    long sleep = delay / 2 + (delay > 1 ? ThreadLocalRandom.current().nextLong(delay / 2 + 1) : 0);
    try {
      Thread.sleep(sleep);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while backing off from Glue errors", e);
    }
  }

  private static <T> List<List<T>> chunks(List<T> all, int size) {
    List<List<T>> out = new ArrayList<>();
    for (int i = 0; i < all.size(); i += size) {
      out.add(all.subList(i, Math.min(all.size(), i + size)));
    }
    return out;
  }
}
