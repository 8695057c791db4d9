package kz.ekino.registry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import kz.ekino.core.model.SalesChannel;
import org.junit.jupiter.api.Test;

class SqlCodesTest {
  /** Stored data depends on these strings: a change here is a schema migration. */
  @Test
  void channelCodesArePinnedAndRoundTrip() {
    assertThat(SqlCodes.channel(SalesChannel.BOX_OFFICE)).isEqualTo("BOX_OFFICE");
    assertThat(SqlCodes.channel(SalesChannel.ONLINE)).isEqualTo("ONLINE");
    assertThat(SqlCodes.channel(SalesChannel.KIOSK)).isEqualTo("KIOSK");
    assertThat(SqlCodes.channel(SalesChannel.PARTNER)).isEqualTo("PARTNER");
    for (SalesChannel c : SalesChannel.values()) {
      assertThat(SqlCodes.channel(SqlCodes.channel(c))).isEqualTo(c);
    }
    assertThatThrownBy(() -> SqlCodes.channel("box_office"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("box_office");
  }

  @Test
  void kindsAreTheLogEntryWireCodes() {
    assertThat(Records.SALE).isZero();
    assertThat(Records.REFUND).isEqualTo(1);
  }
}
