package io.feedlake.layout;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedlake.config.JobSpec.LayoutSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** File count per date from input bytes and the target file size. */
class PartitionLayoutTest {
  private final PartitionLayout layout = new PartitionLayout(new LayoutSpec(List.of("country"), 128L << 20, 64L << 20));

  @Test
  void smallDaysGetOneFile() {
    assertThat(layout.fileCount(500_000, 0.99)).isEqualTo(1);
    assertThat(layout.fileCount(0, 0)).isEqualTo(1);
  }

  @Test
  void largeDaysAreSplitByTargetSizeOfTheWrittenShare() {
    assertThat(layout.fileCount(1L << 30, 1.0)).isEqualTo(8);
    assertThat(layout.fileCount(1L << 30, 0.5)).isEqualTo(4);
    assertThat(layout.fileCount((1L << 30) + 1, 1.0)).isEqualTo(9);
  }
}
