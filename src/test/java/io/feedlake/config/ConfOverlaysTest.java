package io.feedlake.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** conf/emr.conf, conf/k8s.conf and conf/yarn.conf load and validate as overlays of application.conf. */
class ConfOverlaysTest {
  private static final Path HOME = Paths.get("").toAbsolutePath();

  private static Settings load(String overlay) {
    return ConfigLoader.load(HOME, HOME.resolve("conf").resolve(overlay),
        Map.of("lake.root", "s3a://bucket/lake")).settings();
  }

  @Test
  void emrRegistersThroughTheClustersHiveConfiguration() {
    Settings s = load("emr.conf");
    assertThat(s.catalog().type()).isEqualTo(Settings.CatalogType.HIVE);
    assertThat(s.catalog().hiveMetastoreUris()).isEmpty();
    assertThat(s.lakeRoot()).isEqualTo("s3a://bucket/lake");
  }

  @Test
  void k8sUsesGlueWithALocalMirrorAndTheDefaultCredentialChainForS3a() {
    Settings s = load("k8s.conf");
    assertThat(s.catalog().type()).isEqualTo(Settings.CatalogType.GLUE);
    assertThat(s.catalog().embeddedDir()).isEqualTo("/tmp/feedlake-catalog");
    assertThat(s.spark().conf()).containsEntry("spark.hadoop.fs.s3a.aws.credentials.provider",
        "software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider");
  }

  @Test
  void yarnUsesTheClustersMetastore() {
    Settings s = load("yarn.conf");
    assertThat(s.catalog().type()).isEqualTo(Settings.CatalogType.HIVE);
    // The local defaults underneath are kept (spark.ui.enabled from application.conf).
    assertThat(s.spark().conf()).containsEntry("spark.ui.enabled", "false").containsEntry("spark.sql.shuffle.partitions", "200");
  }
}
