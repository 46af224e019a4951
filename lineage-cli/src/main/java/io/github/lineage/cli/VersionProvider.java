package io.github.lineage.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.apache.kafka.common.utils.AppInfoParser;
import picocli.CommandLine;

/**
 * {@code lineage --version}: the build's version and git commit, from the version.properties the
 * build filled in (lineage-cli/pom.xml), and the Java and Kafka client versions it runs on.
 */
final class VersionProvider implements CommandLine.IVersionProvider {

  static final String RESOURCE = "version.properties";
  static final String UNKNOWN = "unknown";

  record BuildInfo(String version, String commit) {

    static BuildInfo load() {
      Properties props = new Properties();
      try (InputStream in = VersionProvider.class.getResourceAsStream(RESOURCE)) {
        if (in != null) {
          props.load(in);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + RESOURCE, e);
      }
      return new BuildInfo(
          filled(props.getProperty("version")), filled(props.getProperty("commit")));
    }

    /** A placeholder the build did not fill (no git checkout, no -Dgit.commit) reads as unknown. */
    private static String filled(String value) {
      return value == null || value.isBlank() || value.contains("${") ? UNKNOWN : value.trim();
    }
  }

  @Override
  public String[] getVersion() {
    BuildInfo build = BuildInfo.load();
    return new String[] {
      "lineage " + build.version() + " (commit " + build.commit() + ")",
      "Java "
          + System.getProperty("java.version")
          + " ("
          + System.getProperty("java.vendor")
          + "), Kafka client "
          + AppInfoParser.getVersion()
    };
  }
}
