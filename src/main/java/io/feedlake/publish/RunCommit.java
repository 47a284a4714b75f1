package io.feedlake.publish;

/**
 * Publish's view of the commit protocol (implemented by the ingest, which owns the run records and
 * locks): how a verified run directory of a date becomes what readers see. Runs on the driver.
 */
public interface RunCommit {
  /**
   * Takes the one-writer lock of a date before anything of it is read or written.
   *
   * @return the lock, released on close
   * @throws io.feedlake.FeedlakeException exit 5 when another run holds it
   */
  AutoCloseable lock(String date);

  /**
   * Makes a verified run visible: writes the intent record ({@code publishing}), checks the lock,
   * runs the catalog call, then marks the record {@code published} (or {@code failed} when the
   * catalog call throws, which is rethrown).
   *
   * @param date the date
   * @param run the verified run directory
   * @param addedRows rows new to the date in this run (for the record's notes)
   * @param catalogCall the one catalog call pointing the date at the run
   */
  void publish(String date, WrittenPartition run, long addedRows, Runnable catalogCall);
}
