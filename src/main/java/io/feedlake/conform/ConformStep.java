package io.feedlake.conform;

/**
 * One conform step: a pure transformation of classified rows (no I/O, no configuration parsing).
 * Steps change values and may set aside rows by changing their disposition (to {@code
 * quarantined} or {@code filtered}, with a reason); they never drop rows, so counts reconcile.
 * Only rows whose disposition is {@code written} are changed in disposition or counted.
 */
public interface ConformStep {
  /**
   * @param in rows and output columns
   * @return the transformed rows and the output columns after this step
   * @throws io.feedlake.config.ConfigException when the step's settings do not fit the columns
   *     (a missing column, an invalid expression), before any data is read
   */
  Conformed apply(Conformed in);
}
