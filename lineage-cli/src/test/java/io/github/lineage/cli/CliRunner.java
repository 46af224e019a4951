package io.github.lineage.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the {@code lineage} command in-process and captures what a user would see. */
final class CliRunner {

  record Run(int exitCode, String out, String err) {}

  private CliRunner() {}

  static Run lineage(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cli = LineageCli.newCommandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }
}
