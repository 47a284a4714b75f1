package io.feedlake.source.adobe;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Adobe's unsigned 64-bit ids ({@code visid_high}, {@code visid_low}, {@code post_visid_high},
 * {@code post_visid_low}, {@code hitid_high}, {@code hitid_low}) as exact DECIMAL(20,0) values.
 * Real values come within 1% of 2^63, so a signed long would overflow (FEEDS.md section 1, "Types
 * worth knowing"; Adobe Experience League, "Data column reference").
 */
public final class UnsignedIds {
  /** 2^64 - 1, the largest unsigned 64-bit value. */
  public static final BigInteger MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  private UnsignedIds() {}

  /**
   * Parses a decimal unsigned 64-bit id exactly.
   *
   * @param text decimal digits only (no sign, no exponent)
   * @return the value with scale 0
   * @throws NumberFormatException when {@code text} is not 1 to 20 digits or exceeds 2^64 - 1
   */
  public static BigDecimal parse(String text) {
    int n = text.length();
    if (n == 0 || n > 20) {
      throw new NumberFormatException("'" + text + "' is not an unsigned 64-bit id");
    }
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        throw new NumberFormatException("'" + text + "' is not an unsigned 64-bit id");
      }
    }
    if (n < 19) {
      return BigDecimal.valueOf(Long.parseLong(text));
    }
    BigInteger v = new BigInteger(text);
    if (v.compareTo(MAX) > 0) {
      throw new NumberFormatException("'" + text + "' exceeds 2^64-1, the largest unsigned 64-bit id");
    }
    return new BigDecimal(v);
  }
}
