package io.github.lineage.parser;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lineage.core.metrics.StageStatus;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

class ParserStageStateTest {

  @Test
  void shouldCountOnlyStreamsRunningAsRunningAndErrorOrAnUnaskedStopAsFailed() {
    assertThat(ParserService.stageState(KafkaStreams.State.RUNNING, false))
        .isEqualTo(StageStatus.State.RUNNING);
    assertThat(ParserService.stageState(KafkaStreams.State.CREATED, false))
        .isEqualTo(StageStatus.State.STARTING);
    assertThat(ParserService.stageState(KafkaStreams.State.REBALANCING, false))
        .isEqualTo(StageStatus.State.STARTING);
    assertThat(ParserService.stageState(KafkaStreams.State.ERROR, false))
        .isEqualTo(StageStatus.State.FAILED);
    assertThat(ParserService.stageState(KafkaStreams.State.ERROR, true))
        .isEqualTo(StageStatus.State.FAILED);
    assertThat(ParserService.stageState(KafkaStreams.State.NOT_RUNNING, false))
        .isEqualTo(StageStatus.State.FAILED);
  }

  @Test
  void shouldNotCountAStopThatWasAskedForAsAFailure() {
    assertThat(ParserService.stageState(KafkaStreams.State.PENDING_SHUTDOWN, true))
        .isEqualTo(StageStatus.State.STARTING);
    assertThat(ParserService.stageState(KafkaStreams.State.NOT_RUNNING, true))
        .isEqualTo(StageStatus.State.STARTING);
  }
}
