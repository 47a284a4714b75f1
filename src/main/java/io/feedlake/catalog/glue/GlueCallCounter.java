package io.feedlake.catalog.glue;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts AWS SDK calls per operation ({@code GetPartitions}, {@code BatchCreatePartition}, ...):
 * {@link #calls()} counts API calls as the code makes them, {@link #attempts()} the HTTP attempts
 * including SDK retries. Thread-safe; attached to the clients {@link GlueClients} builds, and read
 * for run summaries and benchmarks.
 */
public final class GlueCallCounter implements ExecutionInterceptor {
  private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> attempts = new ConcurrentHashMap<>();

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    calls.computeIfAbsent(operation(attributes), k -> new AtomicLong()).incrementAndGet();
  }

  @Override
  public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
    attempts.computeIfAbsent(operation(attributes), k -> new AtomicLong()).incrementAndGet();
  }

  private static String operation(ExecutionAttributes attributes) {
    return attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
  }

  /** API calls per operation, sorted by name. */
  public SortedMap<String, Long> calls() {
    return snapshot(calls);
  }

  /** HTTP attempts per operation (calls plus SDK retries), sorted by name. */
  public SortedMap<String, Long> attempts() {
    return snapshot(attempts);
  }

  /** All API calls. */
  public long totalCalls() {
    return calls.values().stream().mapToLong(AtomicLong::get).sum();
  }

  /** Forgets every count (benchmarks measure one piece of work at a time). */
  public void reset() {
    calls.clear();
    attempts.clear();
  }

  private static SortedMap<String, Long> snapshot(Map<String, AtomicLong> m) {
    SortedMap<String, Long> out = new TreeMap<>();
    m.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }
}
