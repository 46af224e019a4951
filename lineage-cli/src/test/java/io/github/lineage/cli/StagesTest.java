package io.github.lineage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lineage.core.metrics.StageStatus;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

class StagesTest {

  @Test
  void shouldCountOnlyStreamsRunningAsRunningAndErrorOrAnUnaskedStopAsFailed() {
    assertThat(Stages.parserState(KafkaStreams.State.RUNNING)).isEqualTo(StageStatus.State.RUNNING);
    assertThat(Stages.parserState(KafkaStreams.State.CREATED)).isEqualTo(StageStatus.State.STARTING);
    assertThat(Stages.parserState(KafkaStreams.State.REBALANCING)).isEqualTo(StageStatus.State.STARTING);
    assertThat(Stages.parserState(KafkaStreams.State.ERROR)).isEqualTo(StageStatus.State.FAILED);
    assertThat(Stages.parserState(KafkaStreams.State.NOT_RUNNING)).isEqualTo(StageStatus.State.FAILED);
  }

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
