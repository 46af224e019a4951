package io.github.lineage.cli;

import picocli.CommandLine;

final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = LineageCli.class.getPackage().getImplementationVersion();
    return new String[] {"lineage " + (version == null ? "dev" : version)};
  }
}
