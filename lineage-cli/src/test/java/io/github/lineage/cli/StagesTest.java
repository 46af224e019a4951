package io.github.lineage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lineage.core.metrics.StageStatus;
import org.junit.jupiter.api.Test;

class StagesTest {

  @Test
  void shouldReportASlotAsStartingUntilItsServiceIsSetThenFollowIt() {
    Stages.Slot slot = new Stages.Slot("sink");
    assertThat(slot.name()).isEqualTo("sink");
    assertThat(slot.state()).isEqualTo(StageStatus.State.STARTING);

    StageStatus.State[] state = {StageStatus.State.RUNNING};
    slot.set(StageStatus.of("sink", () -> state[0]));
    assertThat(slot.state()).isEqualTo(StageStatus.State.RUNNING);
    state[0] = StageStatus.State.FAILED;
    assertThat(slot.state()).isEqualTo(StageStatus.State.FAILED);
  }
}
