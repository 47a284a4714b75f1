package io.feedlake.source.adobe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** Unsigned 64-bit ids parse exactly, including around and above 2^63. */
class UnsignedIdsTest {
  @Test
  void valuesAroundAndAbove2To63AreExact() {
    assertThat(UnsignedIds.parse("9223372036854775807")).isEqualTo(new BigDecimal("9223372036854775807"));
    assertThat(UnsignedIds.parse("9223372036854775808")).isEqualTo(new BigDecimal("9223372036854775808"));
    assertThat(UnsignedIds.parse("9315553445196247511").toPlainString()).isEqualTo("9315553445196247511");
    assertThat(UnsignedIds.parse("18446744073709551615")).isEqualTo(new BigDecimal(UnsignedIds.MAX));
    assertThat(UnsignedIds.parse("0")).isEqualTo(BigDecimal.ZERO);
    assertThat(UnsignedIds.parse("000123").scale()).isZero();
  }

  @Test
  void valuesOutsideUnsigned64BitsAreRejected() {
    assertThatThrownBy(() -> UnsignedIds.parse("18446744073709551616"))
        .isInstanceOf(NumberFormatException.class)
        .hasMessage("'18446744073709551616' exceeds 2^64-1, the largest unsigned 64-bit id");
    assertThatThrownBy(() -> UnsignedIds.parse("-1")).hasMessage("'-1' is not an unsigned 64-bit id");
    assertThatThrownBy(() -> UnsignedIds.parse("1e3")).hasMessage("'1e3' is not an unsigned 64-bit id");
    assertThatThrownBy(() -> UnsignedIds.parse("123456789012345678901"))
        .hasMessage("'123456789012345678901' is not an unsigned 64-bit id");
  }
}
