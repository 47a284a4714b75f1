package io.feedlake.source.debezium;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * Change event values in the shapes of Debezium's connector documentation ("Data change events"
 * of the MySQL, PostgreSQL and MongoDB connectors).
 */
class DebeziumEnvelopeTest {
  private static final String MYSQL_UPDATE = "{\"before\":{\"id\":1004,\"first_name\":\"Anne\"},"
      + "\"after\":{\"id\":1004,\"first_name\":\"Anne Marie\"},\"source\":{\"version\":\"2.5.0.Final\","
      + "\"connector\":\"mysql\",\"name\":\"mysql-server-1\",\"ts_ms\":1465581029100,\"snapshot\":\"false\","
      + "\"db\":\"inventory\",\"table\":\"customers\",\"server_id\":223344,\"file\":\"mysql-bin.000003\","
      + "\"pos\":484,\"row\":0},\"op\":\"u\",\"ts_ms\":1465581029523}";

  private static Row source(Row parts) {
    return parts.getStruct(3);
  }

  @Test
  void aMySqlUpdateKeepsItsBinlogPositionAndTheKafkaKeyWithoutItsSchema() {
    Row r = new DebeziumEnvelope(List.of()).read(MYSQL_UPDATE,
        "{\"schema\":{\"type\":\"struct\"},\"payload\":{\"id\":1004}}");

    assertThat(r.isNullAt(0)).as("error").isTrue();
    assertThat(r.getString(1)).isEqualTo("u");
    assertThat(r.getLong(2)).isEqualTo(1465581029523L);
    assertThat(r.getString(4)).isEqualTo("{\"id\":1004}");
    assertThat(r.getString(5)).isEqualTo("{\"id\":1004,\"first_name\":\"Anne Marie\"}");
    assertThat(r.getString(6)).isEqualTo("{\"id\":1004,\"first_name\":\"Anne\"}");
    Row s = source(r);
    assertThat(List.of(s.getString(0), s.getString(2), s.getString(4), s.getString(7), s.getLong(8), s.getInt(9)))
        .containsExactly("mysql", "inventory", "customers", "mysql-bin.000003", 484L, 0);
    assertThat(s.isNullAt(10)).as("lsn").isTrue();
  }

  @Test
  void theSchemaPayloadWrapperIsTakenOff() {
    Row r = new DebeziumEnvelope(List.of("id")).read("{\"schema\":{\"type\":\"struct\"},\"payload\":" + MYSQL_UPDATE + "}", null);

    assertThat(r.getString(1)).isEqualTo("u");
    assertThat(r.getString(4)).as("key from the after image").isEqualTo("{\"id\":1004}");
  }

  @Test
  void aPostgresDeleteTakesItsKeyFromTheBeforeImageAndKeepsTheLsn() {
    Row r = new DebeziumEnvelope(List.of("id")).read("{\"before\":{\"id\":1,\"email\":\"a@b\"},\"after\":null,"
        + "\"source\":{\"connector\":\"postgresql\",\"db\":\"postgres\",\"schema\":\"inventory\",\"table\":\"customers\","
        + "\"ts_ms\":1559033904863,\"txId\":556,\"lsn\":46523128},\"op\":\"d\",\"ts_ms\":1559033904961}", null);

    assertThat(r.getString(1)).isEqualTo("d");
    assertThat(r.getString(4)).isEqualTo("{\"id\":1}");
    assertThat(r.isNullAt(5)).as("after").isTrue();
    Row s = source(r);
    assertThat(List.of(s.getString(3), s.getLong(10), s.getLong(11))).containsExactly("inventory", 46523128L, 556L);
  }

  @Test
  void mongoDbsAfterTextIsReadAsJsonAndItsCollectionIsTheTable() {
    Row r = new DebeziumEnvelope(List.of()).read("{\"after\":\"{\\\"_id\\\": {\\\"$oid\\\": \\\"5d3\\\"}, "
        + "\\\"first_name\\\": \\\"Anne\\\"}\",\"source\":{\"connector\":\"mongodb\",\"rs\":\"rs0\",\"db\":\"inventory\","
        + "\"collection\":\"customers\",\"ts_ms\":1558965508000,\"ord\":31},\"op\":\"c\",\"ts_ms\":1558965515240}",
        "{\"id\":\"5d3\"}");

    assertThat(r.getString(5)).isEqualTo("{\"_id\":{\"$oid\":\"5d3\"},\"first_name\":\"Anne\"}");
    Row s = source(r);
    assertThat(List.of(s.getString(4), s.getInt(12))).containsExactly("customers", 31);
  }

  @Test
  void aTombstoneIsNullAndOtherValuesSayWhyTheyAreNotChanges() {
    DebeziumEnvelope e = new DebeziumEnvelope(List.of());
    assertThat(e.read(null, "{\"id\":1}")).isNull();
    assertThat(e.read("{\"op\":\"t\",\"ts_ms\":1}", "k").getString(0))
        .isEqualTo("op 't' is not a row change (expected c, u, d or r)");
    assertThat(e.read("{\"id\":1}", "k").getString(0))
        .isEqualTo("not a Debezium change event: no op field (fields: [id])");
    assertThat(e.read("{\"op\":\"c\",\"after\":{\"id\":1}}", null).getString(0))
        .isEqualTo("no key: the record has no Kafka key and source.debezium.key is not set");
    assertThat(new DebeziumEnvelope(List.of("id")).read("{\"op\":\"c\",\"after\":{\"name\":\"x\"}}", null).getString(0))
        .isEqualTo("key field 'id' is missing or null in the after image");
  }
}
