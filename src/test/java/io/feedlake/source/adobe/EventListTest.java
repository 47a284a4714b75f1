package io.feedlake.source.adobe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.feedlake.source.adobe.EventList.Event;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Event list decoding with values, names from event.tsv and caret escapes. */
class EventListTest {
  private static final Map<Integer, String> NAMES =
      Map.of(1, "Purchase", 200, "Custom Event 1", 20117, "Custom Event 118");

  @Test
  void idsValuesAndNames() throws Exception {
    assertThat(EventList.decode("1,200,20117=3.06", NAMES)).containsExactly(
        new Event(1, null, "Purchase"), new Event(200, null, "Custom Event 1"),
        new Event(20117, "3.06", "Custom Event 118"));
  }

  @Test
  void idsMissingFromEventTsvHaveNoName() throws Exception {
    assertThat(EventList.decode("20999", NAMES)).containsExactly(new Event(20999, null, null));
  }

  @Test
  void emptyListHasNoEvents() throws Exception {
    assertThat(EventList.decode("", NAMES)).isEmpty();
  }

  @Test
  void caretEscapesCommaSemicolonEqualsAndCaretInValues() throws Exception {
    assertThat(EventList.decode("200=a^,b^;c^=d^^e,1", NAMES)).containsExactly(
        new Event(200, "a,b;c=d^e", "Custom Event 1"), new Event(1, null, "Purchase"));
  }

  @Test
  void onlyTheFirstUnescapedEqualsSeparatesTheValue() throws Exception {
    assertThat(EventList.decode("200=x=y", NAMES)).containsExactly(new Event(200, "x=y", "Custom Event 1"));
  }

  @Test
  void escapedCaretBeforeACommaLeavesTheCommaASeparator() throws Exception {
    assertThat(EventList.decode("200=a^^,1", NAMES)).containsExactly(
        new Event(200, "a^", "Custom Event 1"), new Event(1, null, "Purchase"));
  }

  @Test
  void caretBeforeAnOrdinaryCharacterIsKept() throws Exception {
    assertThat(EventList.decode("200=^x", NAMES)).containsExactly(new Event(200, "^x", "Custom Event 1"));
  }

  @Test
  void emptyValueAfterEqualsIsAnEmptyString() throws Exception {
    assertThat(EventList.decode("200=", NAMES)).containsExactly(new Event(200, "", "Custom Event 1"));
  }

  @Test
  void nonNumericIdIsRejectedQuotingTheItem() {
    assertThatThrownBy(() -> EventList.decode("1,purchase=3", NAMES))
        .isInstanceOf(EventList.InvalidEventList.class)
        .hasMessage("item 'purchase=3' does not start with a numeric event id");
    assertThatThrownBy(() -> EventList.decode("1,,2", NAMES))
        .hasMessage("item '' does not start with a numeric event id");
  }
}
