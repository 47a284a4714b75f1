package io.feedlake.source.adobe;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decodes an Adobe event list column ({@code event_list}, {@code post_event_list}): a comma list
 * of numeric event ids, each optionally carrying a value after {@code =} ({@code
 * 1,200,20117=3.06}). Inside multi-valued columns a caret escapes {@code ,} {@code ;} {@code =}
 * and {@code ^} (Adobe Experience League, "Special characters in data feeds"; FEEDS.md section
 * 1). Event names come from the delivery's {@code event.tsv}. Pure; runs on executors.
 */
public final class EventList {
  /**
   * One event of a hit.
   *
   * @param id the event id (e.g. 1 Purchase, 200 event1, 20117 event118)
   * @param value the value after {@code =}, unescaped, or null when the event has none
   * @param name the name from {@code event.tsv}, or null when the id is not listed there
   */
  public record Event(int id, String value, String name) implements Serializable {}

  /** A value that is not an event list: which item, and why. */
  public static final class InvalidEventList extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidEventList(String message) {
      super(message);
    }
  }

  private EventList() {}

  /**
   * Decodes an event list.
   *
   * @param value the column's value as delivered (after TSV unescaping)
   * @param names event id to name, from {@code event.tsv}
   * @return the events in order; empty for an empty value
   * @throws InvalidEventList when an item's id is not a whole number in INT range (the message
   *     quotes the item)
   */
  public static List<Event> decode(String value, Map<Integer, String> names) throws InvalidEventList {
    List<Event> out = new ArrayList<>();
    if (value.isEmpty()) {
      return out;
    }
    for (String item : split(value, ',')) {
      List<String> parts = split(item, '=');
      String idText = unescape(parts.get(0)).strip();
      int id;
      try {
        id = Integer.parseInt(idText);
      } catch (NumberFormatException e) {
        throw new InvalidEventList("item '" + item + "' does not start with a numeric event id");
      }
      String eventValue = null;
      if (parts.size() > 1) {
        // Everything after the first unescaped '=' is the value, '=' included.
        eventValue = unescape(item.substring(parts.get(0).length() + 1));
      }
      out.add(new Event(id, eventValue, names.get(id)));
    }
    return out;
  }

  /** Splits on {@code separator} where it is not escaped by a caret; escapes are kept. */
  static List<String> split(String s, char separator) {
    List<String> parts = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '^' && i + 1 < s.length()) {
        i++;
      } else if (c == separator) {
        parts.add(s.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(s.substring(start));
    return parts;
  }

  /** Removes caret escapes: {@code ^,} {@code ^;} {@code ^=} {@code ^^} become the character. */
  static String unescape(String s) {
    if (s.indexOf('^') < 0) {
      return s;
    }
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '^' && i + 1 < s.length() && ",;=^".indexOf(s.charAt(i + 1)) >= 0) {
        sb.append(s.charAt(++i));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
