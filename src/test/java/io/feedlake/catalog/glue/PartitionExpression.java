package io.feedlake.catalog.glue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of Glue's {@code GetPartitions} {@code Expression} syntax that {@link FakeGlue}
 * evaluates, over the one partition key {@code date}: comparisons ({@code =}, {@code <>}, {@code
 * <}, {@code <=}, {@code >}, {@code >=}) with a quoted string, {@code BETWEEN 'a' AND 'b'}, {@code
 * IN ('a', ...)}, {@code AND}, {@code OR} and parentheses. Anything else is a {@code
 * ValidationException}-worthy error ({@link IllegalArgumentException}).
 */
final class PartitionExpression implements Predicate<String> {
  private static final Pattern TOKEN =
      Pattern.compile("\\s*(\\(|\\)|,|<>|<=|>=|=|<|>|'(?:[^']|'')*'|[A-Za-z_][A-Za-z0-9_]*)");

  private final List<String> tokens;
  private int at;
  private Predicate<String> root;

  private PartitionExpression(List<String> tokens) {
    this.tokens = tokens;
  }

  /** Parses an expression; throws IllegalArgumentException naming the problem. */
  static PartitionExpression parse(String text) {
    List<String> tokens = new ArrayList<>();
    Matcher m = TOKEN.matcher(text);
    int end = 0;
    while (m.lookingAt()) {
      tokens.add(m.group(1));
      end = m.end();
      m.region(end, text.length());
    }
    if (!text.substring(end).isBlank()) {
      throw new IllegalArgumentException("Unsupported expression near '" + text.substring(end) + "' in " + text);
    }
    PartitionExpression e = new PartitionExpression(tokens);
    e.root = e.or();
    if (e.at != tokens.size()) {
      throw new IllegalArgumentException("Unexpected '" + tokens.get(e.at) + "' in " + text);
    }
    return e;
  }

  @Override
  public boolean test(String date) {
    return root.test(date);
  }

  private Predicate<String> or() {
    Predicate<String> p = and();
    while (peek("OR")) {
      at++;
      p = p.or(and());
    }
    return p;
  }

  private Predicate<String> and() {
    Predicate<String> p = atom();
    while (peek("AND")) {
      at++;
      p = p.and(atom());
    }
    return p;
  }

  private Predicate<String> atom() {
    if (peek("(")) {
      at++;
      Predicate<String> p = or();
      expect(")");
      return p;
    }
    String key = next();
    if (!key.equalsIgnoreCase("date")) {
      throw new IllegalArgumentException("Unknown partition key " + key);
    }
    String op = next().toUpperCase(java.util.Locale.ROOT);
    switch (op) {
      case "BETWEEN" -> {
        String lo = string();
        expect("AND");
        String hi = string();
        return d -> d.compareTo(lo) >= 0 && d.compareTo(hi) <= 0;
      }
      case "IN" -> {
        expect("(");
        List<String> values = new ArrayList<>(List.of(string()));
        while (peek(",")) {
          at++;
          values.add(string());
        }
        expect(")");
        return values::contains;
      }
      default -> {
        String v = string();
        return switch (op) {
          case "=" -> d -> d.equals(v);
          case "<>" -> d -> !d.equals(v);
          case "<" -> d -> d.compareTo(v) < 0;
          case "<=" -> d -> d.compareTo(v) <= 0;
          case ">" -> d -> d.compareTo(v) > 0;
          case ">=" -> d -> d.compareTo(v) >= 0;
          default -> throw new IllegalArgumentException("Unsupported operator " + op);
        };
      }
    }
  }

  private String string() {
    String t = next();
    if (!t.startsWith("'")) {
      throw new IllegalArgumentException("Expected a quoted string, got " + t);
    }
    return t.substring(1, t.length() - 1).replace("''", "'");
  }

  private boolean peek(String t) {
    return at < tokens.size() && tokens.get(at).equalsIgnoreCase(t);
  }

  private void expect(String t) {
    if (!peek(t)) {
      throw new IllegalArgumentException("Expected " + t + (at < tokens.size() ? ", got " + tokens.get(at) : " at the end"));
    }
    at++;
  }

  private String next() {
    if (at >= tokens.size()) {
      throw new IllegalArgumentException("Unexpected end of expression");
    }
    return tokens.get(at++);
  }
}
