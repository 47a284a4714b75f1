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
}
