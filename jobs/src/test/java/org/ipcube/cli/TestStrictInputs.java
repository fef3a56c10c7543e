package org.ipcube.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands reject arguments and paths that cannot work before Spark starts: exit code 2 and one
 * message with the problem, the cause and the fix (issue 13: each of these exited 0 or failed
 * a minute later with Spark's bare PATH_NOT_FOUND).
 */
class TestStrictInputs {
  @TempDir Path dir;

  private static CliRun run(String... args) {
    return CliRun.of(args);
  }

  @Test
  void ingestFromALandingRootThatDoesNotExistIsAUsageError() {
    CliRun o = run("ingest", "--landing", dir.resolve("nonexistent").toString(), "--warehouse", dir.toString(), "--date", "2024-01-02");
    assertThat(o.code()).isEqualTo(2);
    assertThat(o.err()).contains("Landing root", "does not exist", "fix:");
  }

  @Test
  void cleanOnAWarehouseThatWasNeverBuiltSaysWhatToRun() {
    CliRun o = run("clean", "--warehouse", dir.resolve("never-built").toString());
    assertThat(o.code()).isEqualTo(2);
    assertThat(o.err()).contains("has no table raw.deliveries", "the warehouse folder does not exist", "ipcube ingest");
    assertThat(Files.exists(dir.resolve("never-built"))).as("nothing created").isFalse();
  }

  @Test
  void reportOnAWarehouseWithoutMartsSaysToRunTheMarts() throws Exception {
    Files.createDirectories(dir.resolve("wh/raw/deliveries/_delta_log"));
    CliRun o = run("report", "--warehouse", dir.resolve("wh").toString(), "--region", "330400", "--year", "2023");
    assertThat(o.code()).isEqualTo(2);
    assertThat(o.err()).contains("has no table marts.regional_indicators", "ipcube marts");
  }

  @Test
  void reportRejectsARegionThatIsNotACodeAndAnUnknownView() {
    assertThat(run("report", "--warehouse", dir.toString(), "--region", "Jiaxing", "--year", "2023").code()).isEqualTo(2);
    CliRun o = run("report", "--warehouse", dir.toString(), "--region", "330400", "--year", "2023", "--view", "newest");
    assertThat(o.code()).isEqualTo(2);
    assertThat(o.err()).contains("Unknown value 'newest' for --view");
  }

  @Test
  void generateWithFromAfterToIsAUsageErrorAndWritesNothing() {
    CliRun o = run("generate", "--landing", dir.resolve("landing").toString(), "--from", "2024-02-01", "--to", "2024-01-01");
    assertThat(o.code()).isEqualTo(2);
    assertThat(o.err()).contains("--to 2024-01-01 is before --from 2024-02-01");
    assertThat(Files.exists(dir.resolve("landing"))).isFalse();
  }

  @Test
  void aMisspeltConfigurationKeyIsAnErrorThatSuggestsTheKnownKey() throws Exception {
    Path conf = dir.resolve("override.conf");
    Files.writeString(conf, "ipcube.feeds.publication-lag-day = 3\n");
    CliRun o = run("clean", "--config", conf.toString(), "--warehouse", dir.toString());
    assertThat(o.code()).isEqualTo(1);
    assertThat(o.err()).contains("Unknown configuration key ipcube.feeds.publication-lag-day", "Did you mean ipcube.feeds.publication-lag-days?");
  }

  @Test
  void aRangeWithToBeforeFromIsAUsageError() {
    CliRun o = run("run", "--landing", dir.toString(), "--warehouse", dir.toString(), "--from", "2024-02-01", "--to", "2024-01-01");
    assertThat(o.code()).isEqualTo(2);
    assertThat(o.err()).contains("is before --from");
  }
}
