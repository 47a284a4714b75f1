package io.feedlake.source.adobe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;

/** Reading the lookup archive: column names, id/name tables, encodings, digest, corruption. */
class LookupArchiveTest {

  private static byte[] tarGz(Map<String, byte[]> members) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
      for (Map.Entry<String, byte[]> m : members.entrySet()) {
        TarArchiveEntry e = new TarArchiveEntry(m.getKey());
        e.setSize(m.getValue().length);
        tar.putArchiveEntry(e);
        tar.write(m.getValue());
        tar.closeArchiveEntry();
      }
    }
    return out.toByteArray();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static LookupArchive read(byte[] archive, Set<String> members) throws IOException {
    return LookupArchive.read(new ByteArrayInputStream(archive), "file:/alpha/x-lookup_data.tar.gz", members);
  }

  @Test
  void columnsTablesAndDigestOfAnArchive() throws Exception {
    Map<String, byte[]> members = new LinkedHashMap<>();
    members.put("column_headers.tsv", utf8("hitid_high\thitid_low\tbrowser\tplugins\r\n"));
    members.put("browser.tsv", utf8("5000000101\tGoogle Chrome 122.0\n0\tNone\n\n5000000101\tDuplicate\n"));
    members.put("plugins.tsv", utf8("001\tShockwave Flash\n010\tPDF Viewer\nno tab here\n"));
    members.put("languages.tsv", concat(utf8("1\tEnglish\n2\t"), "Français".getBytes(StandardCharsets.ISO_8859_1),
        utf8("\n3\tEspañol\n")));
    members.put("referrer_type.tsv", utf8("1\tInside your site\tInternal\n"));
    members.put("resolution.tsv", utf8("116\t1920 x 1080\n"));
    byte[] archive = tarGz(members);

    LookupArchive a = read(archive, Set.of("browser.tsv", "plugins.tsv", "languages.tsv", "referrer_type.tsv"));

    assertThat(a.columns()).containsExactly("hitid_high", "hitid_low", "browser", "plugins");
    assertThat(a.tables()).containsOnlyKeys("browser.tsv", "plugins.tsv", "languages.tsv", "referrer_type.tsv");
    assertThat(a.tables().get("browser.tsv")).containsExactly(
        Map.entry("5000000101", "Google Chrome 122.0"), Map.entry("0", "None"));
    assertThat(a.tables().get("plugins.tsv")).containsEntry("1", "Shockwave Flash").containsEntry("10", "PDF Viewer");
    assertThat(a.tables().get("languages.tsv")).containsEntry("2", "Français").containsEntry("3", "Español");
    assertThat(a.tables().get("referrer_type.tsv")).containsEntry("1", "Inside your site");
    assertThat(a.latin1Values()).isEqualTo(1);
    assertThat(a.notes()).containsExactly(
        "lookup browser.tsv: 1 id(s) listed twice with different names; the first name is used",
        "lookup plugins.tsv: 1 line(s) without a tab were skipped");
    assertThat(a.digest().md5()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(archive)));
    assertThat(a.digest().bytes()).isEqualTo(archive.length);
    assertThat(a.digest().readError()).isNull();
  }

  @Test
  void membersInsideADirectoryAreFoundByFileName() throws Exception {
    LookupArchive a = read(tarGz(Map.of("lookup_data/column_headers.tsv", utf8("a\tb"))), Set.of());

    assertThat(a.columns()).containsExactly("a", "b");
  }

  @Test
  void archiveWithoutColumnHeadersHasNoColumns() throws Exception {
    assertThat(read(tarGz(Map.of("browser.tsv", utf8("1\tx\n"))), Set.of()).columns()).isEmpty();
  }

  @Test
  void corruptArchiveIsDigestedToItsEndAndReportsWhy() throws Exception {
    byte[] archive = tarGz(Map.of("column_headers.tsv", utf8("a\tb\n")));
    byte[] corrupt = archive.clone();
    corrupt[archive.length / 2] ^= 0x5A;

    LookupArchive a = read(corrupt, Set.of());

    assertThat(a.digest().bytes()).isEqualTo(corrupt.length);
    assertThat(a.digest().md5()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(corrupt)));
    assertThat(a.digest().readError()).startsWith("cannot unpack it as tar.gz: ");
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
