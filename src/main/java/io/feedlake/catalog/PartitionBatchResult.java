package io.feedlake.catalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a batch of partition changes did, partition by partition (partition values are dates,
 * {@code yyyy-MM-dd}). Every requested partition is in exactly one list or in {@code failed}.
 *
 * @param created partitions that did not exist and now do
 * @param updated partitions that existed and were pointed at the requested location
 * @param unchanged partitions already registered as requested (or, for drops, already absent)
 * @param dropped partitions removed
 * @param failed partitions that could not be changed, with the catalog's reason
 */
public record PartitionBatchResult(
    List<String> created, List<String> updated, List<String> unchanged, List<String> dropped,
    Map<String, String> failed) {

  public PartitionBatchResult {
    created = sorted(created);
    updated = sorted(updated);
    unchanged = sorted(unchanged);
    dropped = sorted(dropped);
    failed = Collections.unmodifiableMap(new TreeMap<>(failed));
  }

  /** A result with nothing in it. */
  public static PartitionBatchResult empty() {
    return new PartitionBatchResult(List.of(), List.of(), List.of(), List.of(), Map.of());
  }

  /** Both results together. */
  public PartitionBatchResult plus(PartitionBatchResult other) {
    Map<String, String> f = new TreeMap<>(failed);
    f.putAll(other.failed);
    return new PartitionBatchResult(concat(created, other.created), concat(updated, other.updated),
        concat(unchanged, other.unchanged), concat(dropped, other.dropped), f);
  }

  /** Whether every partition was handled. */
  public boolean succeeded() {
    return failed.isEmpty();
  }

  /** Counts for summaries: {@code created, updated, unchanged, dropped, failed}. */
  public Map<String, Object> summary() {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("created", created.size());
    m.put("updated", updated.size());
    m.put("unchanged", unchanged.size());
    m.put("dropped", dropped.size());
    m.put("failed", failed);
    return m;
  }

  private static List<String> sorted(List<String> in) {
    List<String> out = new ArrayList<>(in);
    Collections.sort(out);
    return Collections.unmodifiableList(out);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
