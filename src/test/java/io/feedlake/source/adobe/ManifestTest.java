package io.feedlake.source.adobe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.feedlake.ExitCode;
import io.feedlake.FeedlakeException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Manifest shapes seen in real deliveries and in Adobe's documentation, and broken ones. */
class ManifestTest {
  private static final String WHERE = "/alpha/examplersid_2024-03-02.txt";

  private static final String TYPICAL =
      String.join("\n",
          "Datafeed-Manifest-Version: 1.0",
          "Lookup-Files: 1",
          "Data-Files: 2",
          "Total-Records: 611",
          "",
          "Lookup-File: examplersid_2024-03-02-lookup_data.tar.gz",
          "MD5-Digest: af6de42d8b945d4ec1cf283600853081",
          "File-Size: 63750",
          "",
          "Data-File: 01-examplersid_2024-03-02.tsv.gz",
          "MD5-Digest: 9c70bf783cb3d0095a4836904b72c991",
          "File-Size: 122534",
          "Record-Count: 600",
          "",
          "Data-File: 02-examplersid_2024-03-02.tsv.gz",
          "MD5-Digest: 0C70BF783CB3D0095A4836904B72C992",
          "File-Size: 1534",
          "Record-Count: 11");

  private static FeedlakeException failure(String text) {
    FeedlakeException e = catchThrowableOfType(() -> Manifest.parse(text, WHERE), FeedlakeException.class);
    assertThat(e).as("expected a FeedlakeException").isNotNull();
    assertThat(e.exitCode()).isEqualTo(ExitCode.DATA_CONTRACT);
    return e;
  }

  @Test
  void typicalManifestWithoutFinalNewlineParses() {
    Manifest m = Manifest.parse(TYPICAL, WHERE);

    assertThat(m.version()).isEqualTo("1.0");
    assertThat(m.totalRecords()).isEqualTo(611);
    assertThat(m.lookupFiles()).containsExactly(
        new Manifest.Entry("examplersid_2024-03-02-lookup_data.tar.gz", "af6de42d8b945d4ec1cf283600853081", 63750, null));
    assertThat(m.dataFiles()).containsExactly(
        new Manifest.Entry("01-examplersid_2024-03-02.tsv.gz", "9c70bf783cb3d0095a4836904b72c991", 122534, 600L),
        new Manifest.Entry("02-examplersid_2024-03-02.tsv.gz", "0c70bf783cb3d0095a4836904b72c992", 1534, 11L));
    assertThat(m.emptyPeriod()).isFalse();
  }

  @Test
  void indentedCrlfManifestWithSeveralBlankLinesAndFinalNewlineParsesTheSame() {
    String shaped = "\uFEFF" + TYPICAL.lines().map(l -> l.isEmpty() ? "\r\n \t" : "\t " + l)
        .reduce("", (a, b) -> a + b + "\r\n") + "\r\n\r\n";

    assertThat(Manifest.parse(shaped, WHERE)).isEqualTo(Manifest.parse(TYPICAL, WHERE));
  }

  @Test
  void blocksWithoutBlankLinesBetweenThemParse() {
    assertThat(Manifest.parse(TYPICAL.replace("\n\n", "\n"), WHERE)).isEqualTo(Manifest.parse(TYPICAL, WHERE));
  }

  @Test
  void emptyPeriodHasNoDataFiles() {
    Manifest m = Manifest.parse(
        "Datafeed-Manifest-Version: 1.0\nLookup-Files: 1\nData-Files: 0\nTotal-Records: 0\n\n"
            + "Lookup-File: x_2024-03-02-lookup_data.tar.gz\nMD5-Digest: 9c70bf783cb3d0095a4836904b72c991\n"
            + "File-Size: 10\n", WHERE);

    assertThat(m.emptyPeriod()).isTrue();
    assertThat(m.totalRecords()).isZero();
    assertThat(m.lookupFiles()).hasSize(1);
  }

  @Test
  void shortDigestAsInAdobesExampleIsLeftPaddedWithZeros() {
    Manifest m = Manifest.parse(TYPICAL.replace("af6de42d8b945d4ec1cf283600853081", "af6de42d8b945d4ec1cf28360085308"), WHERE);

    assertThat(m.lookupFiles().get(0).md5()).isEqualTo("0af6de42d8b945d4ec1cf28360085308");
  }

  @Test
  void unknownAttributesAreIgnored() {
    Manifest m = Manifest.parse(TYPICAL.replace("File-Size: 1534", "File-Size: 1534\nCreated-By: Adobe"), WHERE);

    assertThat(m.dataFiles()).hasSize(2);
  }

  @Test
  void headerCountsThatDisagreeWithTheBlocksAreReported() {
    FeedlakeException e = failure(TYPICAL.replace("Data-Files: 2", "Data-Files: 3").replace("Lookup-Files: 1", "Lookup-Files: 0"));

    assertThat(e.getMessage()).isEqualTo(
        "Cannot read Adobe manifest " + WHERE + " (2 problems):\n"
            + "  - header Lookup-Files: 0 but 1 Lookup-File block(s) follow\n"
            + "  - header Data-Files: 3 but 2 Data-File block(s) follow");
  }

  @Test
  void totalRecordsThatIsNotTheSumOfRecordCountsIsReported() {
    FeedlakeException e = failure(TYPICAL.replace("Total-Records: 611", "Total-Records: 612"));

    assertThat(e.getMessage()).isEqualTo(
        "Cannot read Adobe manifest " + WHERE + " (1 problem):\n"
            + "  - header Total-Records: 612 but the Record-Count values add up to 611");
  }

  @Test
  void everyBrokenAttributeIsReportedWithItsLine() {
    String broken = TYPICAL
        .replace("File-Size: 63750", "File-Size: big")
        .replace("MD5-Digest: 9c70bf783cb3d0095a4836904b72c991", "MD5-Digest: xyz")
        .replace("Record-Count: 11", "")
        + "\nthis line has no colon";

    FeedlakeException e = failure(broken);

    assertThat(e.getMessage()).startsWith("Cannot read Adobe manifest " + WHERE + " (");
    assertThat(List.of(e.getMessage().split("\n"))).contains(
        "  - line 8: File-Size 'big' is not a non-negative whole number",
        "  - line 11: MD5-Digest 'xyz' of 01-examplersid_2024-03-02.tsv.gz is not an MD5 digest (expected 32 hex digits)",
        "  - line 19: expected 'Name: value', got 'this line has no colon'",
        "  - Data-File 02-examplersid_2024-03-02.tsv.gz (line 15) has no Record-Count");
  }

  @Test
  void missingHeaderAndAttributeOutsideABlockAreReported() {
    FeedlakeException e = failure("Lookup-Files: 0\nData-Files: 0\n\nMD5-Digest: 9c70bf783cb3d0095a4836904b72c991");

    assertThat(e.getMessage()).isEqualTo(
        "Cannot read Adobe manifest " + WHERE + " (2 problems):\n"
            + "  - line 4: MD5-Digest outside a Lookup-File or Data-File block\n"
            + "  - header Total-Records is missing");
  }

  @Test
  void fileNamesWithDirectoriesAndDuplicatesAreRejected() {
    FeedlakeException e = failure(TYPICAL.replace("02-examplersid", "01-examplersid")
        .replace("Lookup-File: examplersid", "Lookup-File: ../examplersid"));

    assertThat(e.getMessage()).contains(
        "line 6: Lookup-File '../examplersid_2024-03-02-lookup_data.tar.gz' is not a file name",
        "line 15: 01-examplersid_2024-03-02.tsv.gz is listed twice");
  }
}
