package io.github.lineage.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class MemoryBenchTest {

  @Test
  void shouldReadTheStagesFilesAndTheParseCacheFromAPrometheusScrape() {
    String body =
        """
        # HELP files_processed_total files turned into documents or graph writes
        # TYPE files_processed_total counter
        files_processed_total{stage="parser"} 1200.0
        files_processed_total{stage="sink",} 7.0
        parse_cache_entries 1187.0
        parse_cache_evictions_total{reason="size"} 0.0
        """;

    MemoryBench.Scrape parser = MemoryBench.Scrape.of(body, "parser");
    MemoryBench.Scrape sink = MemoryBench.Scrape.of(body, "sink");

    assertThat(parser.processed()).isEqualTo(1200.0);
    assertThat(parser.cacheEntries()).isEqualTo(1187);
    assertThat(sink.processed()).isEqualTo(7.0);
  }

  @Test
  void shouldCountNothingBeforeTheStageHasProcessedAFile() {
    MemoryBench.Scrape scrape = MemoryBench.Scrape.of("jvm_threads_live_threads 12.0\n", "parser");

    assertThat(scrape.processed()).isZero();
    assertThat(scrape.cacheEntries()).isEqualTo(-1);
  }

  @Test
  void shouldReadTheResidentSetPeakOfALiveProcess() throws IOException {
    long peak = MemoryBench.peakRss(ProcessHandle.current().pid());

    assertThat(peak).as("VmHWM of this JVM").isGreaterThan(10L * 1024 * 1024);
  }
}
