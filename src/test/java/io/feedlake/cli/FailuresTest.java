package io.feedlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedlake.ExitCode;
import java.io.IOException;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.InvalidAvroMagicException;
import org.junit.jupiter.api.Test;

/** Exit codes of failures that reach the command line wrapped by Spark. */
class FailuresTest {

  @Test
  void aFileThatIsNotAvroIsADataContractViolation() {
    RuntimeException spark = new RuntimeException("Job aborted", new InvalidAvroMagicException("Not an Avro data file."));

    assertThat(Failures.classify(spark).exitCode()).isEqualTo(ExitCode.DATA_CONTRACT);
    assertThat(Failures.classify(spark).getMessage()).isEqualTo("Corrupt Avro input: Not an Avro data file. (Job aborted)");
  }

  @Test
  void aBrokenAvroSyncMarkerIsADataContractViolation() {
    RuntimeException spark =
        new RuntimeException("Job aborted", new AvroRuntimeException(new IOException("Invalid sync!")));

    assertThat(Failures.classify(spark).exitCode()).isEqualTo(ExitCode.DATA_CONTRACT);
  }

  @Test
  void otherIoFailuresStayTransient() {
    RuntimeException spark =
        new RuntimeException("Job aborted", new AvroRuntimeException(new IOException("Connection reset")));

    assertThat(Failures.classify(spark).exitCode()).isEqualTo(ExitCode.TRANSIENT);
  }

  @Test
  void anEmbeddedDerbyMetastoreHeldByAnotherProcessIsTransientWithOneLine() {
    java.sql.SQLException booted = new java.sql.SQLException(
        "Another instance of Derby may have already booted the database /lake/_catalog/metastore_db.", "XSDB6");
    java.sql.SQLException failedStart = new java.sql.SQLException(
        "Failed to start database '/lake/_catalog/metastore_db' with class loader x, see the next exception", "XJ040");
    failedStart.setNextException(booted);
    RuntimeException hive = new RuntimeException("java.lang.RuntimeException: Unable to instantiate"
        + " org.apache.hadoop.hive.ql.metadata.SessionHiveMetaStoreClient",
        new RuntimeException("Unable to open a test connection to the given database", failedStart));

    var f = Failures.classify(hive);

    assertThat(f.exitCode()).isEqualTo(ExitCode.TRANSIENT);
    assertThat(f.getMessage()).isEqualTo("Cannot open the Hive metastore: its embedded Derby database"
        + " /lake/_catalog/metastore_db is in use by another process (Derby allows one at a time); retry when the"
        + " other feedlake command has finished, or use a shared metastore (catalog.type = hive)").doesNotContain("\n");
  }

  @Test
  void hivesClientInstantiationFailureAloneIsTransientToo() {
    RuntimeException hive = new RuntimeException(new RuntimeException(
        "Unable to instantiate org.apache.hadoop.hive.ql.metadata.SessionHiveMetaStoreClient"));

    assertThat(Failures.classify(hive).exitCode()).isEqualTo(ExitCode.TRANSIENT);
    assertThat(Failures.classify(hive).getMessage()).startsWith("Cannot open the Hive metastore: Hive could not create");
  }

  @Test
  void anOutOfMemoryErrorIsInternalWithWhatToChange() {
    RuntimeException spark = new RuntimeException("Job aborted", new OutOfMemoryError("Java heap space"));

    assertThat(Failures.classify(spark).exitCode()).isEqualTo(ExitCode.INTERNAL);
    assertThat(Failures.classify(spark).getMessage()).startsWith(
        "Out of memory (java.lang.OutOfMemoryError: Java heap space); nothing was published for the date that ran out.");
  }

  /** A command whose work runs out of memory on the driver. */
  @picocli.CommandLine.Command(name = "oom")
  static final class OutOfMemoryCommand extends FeedlakeCommand {
    @Override
    void execute(RunSummary summary) {
      throw new OutOfMemoryError("Java heap space");
    }
  }

  @Test
  void anOutOfMemoryErrorOnTheDriverEndsWithTheErrorLineAndTheSummary() {
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.StringWriter err = new java.io.StringWriter();
    picocli.CommandLine cl = new picocli.CommandLine(new OutOfMemoryCommand());
    cl.setOut(new java.io.PrintWriter(out));
    cl.setErr(new java.io.PrintWriter(err));

    int code = cl.execute("--json");

    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).startsWith("feedlake oom: error (exit 1): Out of memory (java.lang.OutOfMemoryError:"
        + " Java heap space)").doesNotContain("\tat ");
    assertThat(out.toString()).contains("\"status\":\"failed\",\"exit_code\":1");
  }
}
