package io.github.lineage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BareLineageTest {

  @Test
  void shouldPrintUsageToStderrAndExitWithTwoWhenNoCommandIsGiven() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = LineageCli.newCommandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));

    int exit = cli.execute();

    assertThat(exit).isEqualTo(2);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString()).contains("Usage: lineage").contains("local");
  }
}
