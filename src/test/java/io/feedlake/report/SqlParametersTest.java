package io.feedlake.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Finding named parameter markers in report SQL. */
class SqlParametersTest {

  @Test
  void markersAreFoundInOrderOfFirstAppearance() {
    String sql =
        "SELECT * FROM beta.events WHERE date BETWEEN :from AND :to AND day = :date OR date = :from";

    assertThat(SqlParameters.markers(sql)).containsExactly("from", "to", "date");
  }

  @Test
  void markerNamesMayContainDigitsAndUnderscores() {
    assertThat(SqlParameters.markers("SELECT :_p1, (:min_rows2)")).containsExactly("_p1", "min_rows2");
  }

  @Test
  void markerAtStartAndEndOfTextIsFound() {
    assertThat(SqlParameters.markers(":a + :b")).containsExactly("a", "b");
  }

  @Test
  void sqlWithoutMarkersHasNone() {
    assertThat(SqlParameters.markers("SELECT count(*) FROM beta.events")).isEmpty();
  }

  @Test
  void markersInsideSingleQuotedStringsAreIgnored() {
    assertThat(SqlParameters.markers("SELECT ':nope', 'it''s :also_nope' FROM t WHERE d = :yes"))
        .containsExactly("yes");
  }

  @Test
  void escapedQuoteInsideStringDoesNotEndIt() {
    assertThat(SqlParameters.markers("SELECT 'a\\' :nope' WHERE x = :yes")).containsExactly("yes");
  }

  @Test
  void markersInsideDoubleQuotedNamesAreIgnored() {
    assertThat(SqlParameters.markers("SELECT \"col:nope\" FROM t WHERE x = :yes")).containsExactly("yes");
  }

  @Test
  void markersInsideBacktickNamesAreIgnored() {
    assertThat(SqlParameters.markers("SELECT `weird :nope` FROM t WHERE x = :yes")).containsExactly("yes");
  }

  @Test
  void markersInsideLineCommentsAreIgnored() {
    String sql = "-- report for :nope\nSELECT * FROM t -- until :also_nope\nWHERE x = :yes";

    assertThat(SqlParameters.markers(sql)).containsExactly("yes");
  }

  @Test
  void markersInsideBlockCommentsAreIgnored() {
    String sql = "SELECT /* :nope\n :also_nope */ a FROM t WHERE x = :yes /* :trailing";

    assertThat(SqlParameters.markers(sql)).containsExactly("yes");
  }

  @Test
  void castsAreNotMarkers() {
    assertThat(SqlParameters.markers("SELECT x::int, y::decimal(10,2) FROM t")).isEmpty();
  }

  @Test
  void markerFollowedByCastIsFound() {
    assertThat(SqlParameters.markers("SELECT :day::date")).containsExactly("day");
  }

  @Test
  void timeLiteralsAreNotMarkers() {
    assertThat(SqlParameters.markers("SELECT * FROM t WHERE hhmm >= '10:30' AND ts < TIMESTAMP '2024-03-01 23:59:59'"))
        .isEmpty();
  }

  @Test
  void colonAfterIdentifierIsNotAMarker() {
    assertThat(SqlParameters.markers("SELECT map_col['k'] FROM t WHERE a:b = 1")).isEmpty();
  }
}
